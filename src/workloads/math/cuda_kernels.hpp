// The device side of a math kernel, declared beside the kernel (in its
// .cpp) and defined in its .cu file:
//   CONCUR_CUDA_SIDE(make_primes_cuda, std::uint64_t limit)
// declares the factory; without a CUDA build it is an inline stub that says
// "no device side" by returning no capability. Nothing else lists kernels.
#pragma once

#include <cstdint>
#include <memory>

#include "concur/workload.hpp"
#include "workloads/math/kernels.hpp"

#if defined(CONCUR_HAVE_CUDA)
#define CONCUR_CUDA_SIDE(factory, ...) \
  std::unique_ptr<CudaCapability> factory(__VA_ARGS__);
#else
#define CONCUR_CUDA_SIDE(factory, ...)                                         \
  template <typename... Args>                                                  \
  std::unique_ptr<CudaCapability> factory(const Args&...) { return nullptr; }
#endif
