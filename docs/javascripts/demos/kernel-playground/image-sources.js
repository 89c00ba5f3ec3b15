// Where the playground's pixels come from: the sample photos, a reader's own file, or the webcam. Every source
// ends as RGBA bytes of at most MAX_SIDE pixels on the long side, so a 12-megapixel photo costs the same as
// a sample, and the convolution sees exactly the pixels drawn on the input canvas.

export const MAX_SIDE = 512;

export function fitSize(width, height, maxSide = MAX_SIDE) {
  const scale = Math.min(1, maxSide / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

// Draws any image source (ImageBitmap, video) downscaled to fit, over white (so transparency is not black),
// and returns {width, height, rgba}.
export function rasterize(source, sourceWidth, sourceHeight) {
  const { width, height } = fitSize(sourceWidth, sourceHeight);
  const canvas = document.createElement("canvas");
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext("2d", { willReadFrequently: true });
  context.fillStyle = "#fff";
  context.fillRect(0, 0, width, height);
  context.imageSmoothingEnabled = true;
  context.imageSmoothingQuality = "high";
  context.drawImage(source, 0, 0, width, height);
  return { width, height, rgba: context.getImageData(0, 0, width, height).data };
}

const isSvg = (blob, name) => blob.type === "image/svg+xml" || /\.svgz?$/i.test(name);
// An SVG with neither width/height nor a viewBox has no size of its own; it is drawn at this one.
const SVG_FALLBACK_SIDE = MAX_SIDE;

// A Blob (a fetched sample or a file the reader chose) -> pixels. Rejects with a reader-facing message.
export async function decodeImage(blob, name) {
  if (isSvg(blob, name)) return decodeSvg(blob, name);
  let bitmap;
  try {
    // No colour conversion: the browser hands over the file's own values, as PIL reads them in the tests.
    bitmap = await createImageBitmap(blob, { colorSpaceConversion: "none", premultiplyAlpha: "none" });
  } catch {
    throw new Error(
      `“${name}” could not be read as an image (this browser cannot decode it). The previous image is kept.`,
    );
  }
  try {
    return rasterize(bitmap, bitmap.width, bitmap.height);
  } finally {
    bitmap.close();
  }
}

// createImageBitmap does not take SVG (it is a document to render, not pixels to decode); an <img> does.
// The vector drawing is rasterised at its own size, or shrunk to MAX_SIDE like any photo.
async function decodeSvg(blob, name) {
  const url = URL.createObjectURL(blob.type ? blob : new Blob([blob], { type: "image/svg+xml" }));
  try {
    const img = new Image();
    img.src = url;
    try {
      await img.decode();
    } catch {
      throw new Error(`“${name}” is not a valid SVG image (the browser could not render it). The previous image is kept.`);
    }
    const width = img.naturalWidth || SVG_FALLBACK_SIDE;
    const height = img.naturalHeight || SVG_FALLBACK_SIDE;
    return rasterize(img, width, height);
  } finally {
    URL.revokeObjectURL(url);
  }
}

export async function fetchImage(url, name, { signal } = {}) {
  const response = await fetch(url, { signal });
  if (!response.ok) {
    throw new Error(`The sample photo “${name}” could not be downloaded (HTTP ${response.status}).`);
  }
  return decodeImage(await response.blob(), name);
}

// Asks for the camera; resolves to a playing <video> and a stop() that releases the camera. `onEnded` is called
// if the camera stops by itself (unplugged, taken by another application); stop() does not call it.
export async function openWebcam(onEnded = () => {}) {
  if (!navigator.mediaDevices?.getUserMedia) {
    throw new Error("This browser does not offer a camera to this page (cameras need https or localhost).");
  }
  let stream;
  try {
    stream = await navigator.mediaDevices.getUserMedia({ video: { width: { ideal: 640 } }, audio: false });
  } catch (error) {
    const reasons = {
      NotAllowedError: "Camera access was denied. Allow it in the browser's site settings to use the webcam.",
      SecurityError: "Camera access was denied. Allow it in the browser's site settings to use the webcam.",
      NotFoundError: "No camera was found on this device.",
      NotReadableError: "The camera is in use by another application.",
    };
    throw new Error(reasons[error.name] ?? `The camera could not start (${error.message}).`);
  }
  const video = document.createElement("video");
  video.muted = true;
  video.playsInline = true;
  video.srcObject = stream;
  const tracks = stream.getTracks();
  const stop = () => {
    for (const track of tracks) {
      track.removeEventListener("ended", onEnded);
      track.stop();
    }
    video.srcObject = null;
  };
  for (const track of tracks) track.addEventListener("ended", onEnded);
  try {
    await video.play();
  } catch (error) {
    stop();
    throw new Error(`The camera stream could not be played (${error.message}).`);
  }
  return { video, stop };
}
