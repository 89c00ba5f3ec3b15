"""A description of the machine a measurement ran on, saved beside every benchmark result."""

import os
import platform
from pathlib import Path


def cpu_model() -> str:
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or platform.machine()


def describe_machine() -> dict:
    return {
        "cpu": cpu_model(),
        "cores": os.cpu_count(),
        "machine": platform.machine(),
        "system": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
    }


# The vector instruction sets oneDNN and Eigen choose their kernels by: two CPUs that differ here may run
# different kernels for the same op, whose float rounding differs, so the same seed trains different weights.
VECTOR_EXTENSIONS = ("sse4_2", "avx", "avx2", "fma", "avx512f", "avx512bw", "avx512_vnni", "avx512_bf16", "amx_tile")


def cpu_flags() -> set[str]:
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("flags"):
                return set(line.split(":", 1)[1].split())
    return set()


def describe_tensorflow_machine() -> dict:
    """The machine, with the vector extensions TensorFlow's CPU kernels may use on it and whether oneDNN is on."""
    flags = cpu_flags()
    return {
        **describe_machine(),
        "vector_extensions": [name for name in VECTOR_EXTENSIONS if name in flags],
        # TF 2.19 on x86 Linux uses oneDNN unless TF_ENABLE_ONEDNN_OPTS=0.
        "onednn": os.environ.get("TF_ENABLE_ONEDNN_OPTS", "1") != "0",
    }
