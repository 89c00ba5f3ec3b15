// The TF.js every demo starts with: the core ops, Keras-style layers (models load as layers models) and the plain
// JavaScript backend, which needs no extra download, so a demo can run before any other backend has arrived.
export * from "@tensorflow/tfjs-core";
export * from "@tensorflow/tfjs-layers";
import "@tensorflow/tfjs-backend-cpu";
