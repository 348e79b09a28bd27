// Probing the CUDA runtime once: devices, versions, and the warm-up (context
// creation and a first launch) that no timed run should pay.
#include <cuda_runtime.h>

#include <chrono>
#include <cstdlib>

#include "models/cuda_device.hpp"

namespace concur {
namespace {

__global__ void warm_up_kernel() {}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

CudaStatus probe() {
  CudaStatus status;
  // Load every kernel when the context is created rather than at its first
  // launch (CUDA's default is lazy), so no timed run pays module loading.
  // A user's own setting wins.
  ::setenv("CUDA_MODULE_LOADING", "EAGER", /*overwrite=*/0);
  cudaDriverGetVersion(&status.driver_version);
  cudaRuntimeGetVersion(&status.runtime_version);
  int count = 0;
  if (cudaError_t e = cudaGetDeviceCount(&count); e != cudaSuccess) {
    status.reason = std::string("cudaGetDeviceCount: ") + cudaGetErrorString(e);
    return status;
  }
  if (count == 0) {
    status.reason = "no CUDA device found";
    return status;
  }
  for (int d = 0; d < count; ++d) {
    cudaDeviceProp p{};
    if (cudaGetDeviceProperties(&p, d) != cudaSuccess) continue;
    status.devices.push_back({p.name, p.major, p.minor, p.multiProcessorCount, p.totalGlobalMem});
  }
  auto start = std::chrono::steady_clock::now();
  if (cudaError_t e = cudaSetDevice(0); e != cudaSuccess) {
    status.reason = std::string("cudaSetDevice(0): ") + cudaGetErrorString(e);
    return status;
  }
  if (cudaError_t e = cudaFree(nullptr); e != cudaSuccess) {  // creates the context
    status.reason = std::string("creating a context: ") + cudaGetErrorString(e);
    return status;
  }
  status.context_seconds = seconds_since(start);
  start = std::chrono::steady_clock::now();
  warm_up_kernel<<<1, 1>>>();
  cudaError_t e = cudaGetLastError();
  if (e == cudaSuccess) e = cudaDeviceSynchronize();
  if (e != cudaSuccess) {
    status.reason = std::string("first kernel launch: ") + cudaGetErrorString(e);
    return status;
  }
  status.first_launch_seconds = seconds_since(start);
  status.usable = true;
  return status;
}

}  // namespace

const CudaStatus& cuda_status() {
  static const CudaStatus status = probe();
  return status;
}

}  // namespace concur
