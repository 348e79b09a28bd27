// What the CUDA runtime says about this machine, probed once: the cuda
// model's availability, `info`'s GPU section. Plain C++: a build without
// CUDA compiles this header (and gets "not built" from cuda_status()).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace concur {

struct GpuDevice {
  std::string name;
  int major = 0, minor = 0;  // compute capability
  int multiprocessors = 0;
  std::size_t memory_bytes = 0;
};

struct CudaStatus {
  bool usable = false;  // compiled in, and a driver and a device answered
  std::string reason;   // why not, when !usable
  int driver_version = 0, runtime_version = 0;  // 13000 = 13.0
  std::vector<GpuDevice> devices;
  // One-time costs kept out of every timed run: creating the context on
  // device 0 (which also loads every kernel, eagerly) and a first launch.
  double context_seconds = 0;
  double first_launch_seconds = 0;
};

// Probes on the first call (thread-safe), then answers from memory.
const CudaStatus& cuda_status();

// "13.0" from 13000.
std::string cuda_version_text(int version);

}  // namespace concur
