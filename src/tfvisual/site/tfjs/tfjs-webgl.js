// The WebGL backend, fetched only where WebGL runs on a real GPU (or when a reader asks for it): importing it
// registers it with the core.
import "@tensorflow/tfjs-backend-webgl";
