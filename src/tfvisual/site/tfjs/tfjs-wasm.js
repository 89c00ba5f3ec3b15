// The WebAssembly backend, fetched only where WebAssembly is a candidate: importing it registers it with the
// core; setWasmPaths says where its .wasm binaries are.
export { setWasmPaths } from "@tensorflow/tfjs-backend-wasm";
