// The TF.js every demo starts with: the core ops, Keras-style layers (models load as layers models) and the plain
// JavaScript backend, which needs no extra download, so a demo can run before any other backend has arrived.
export * from "@tensorflow/tfjs-core";
export * from "@tensorflow/tfjs-layers";
import "@tensorflow/tfjs-backend-cpu";
// What the union package @tensorflow/tfjs adds to the core, and the demos use: every op's gradient (tf.grad) and
// the chained form of the ops (tensor.flatten(), tensor.square(), ...).
import "@tensorflow/tfjs-core/dist/register_all_gradients";
import "@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops";
