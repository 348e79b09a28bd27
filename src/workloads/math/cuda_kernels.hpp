// The device side of the math kernels: one factory per kernel, defined in
// the kernel's .cu file. Without a CUDA build there is no device side, and
// the factories say so by returning no capability.
#pragma once

#include <cstdint>
#include <memory>

#include "concur/workload.hpp"
#include "workloads/math/kernels.hpp"

namespace concur::math {

#if defined(CONCUR_HAVE_CUDA)
std::unique_ptr<CudaCapability> make_primes_cuda(std::uint64_t limit);
std::unique_ptr<CudaCapability> make_factorise_cuda(std::uint64_t seed, std::uint64_t count);
std::unique_ptr<CudaCapability> make_mandelbrot_cuda(const MandelbrotView& view);
std::unique_ptr<CudaCapability> make_pi_cuda(std::uint64_t seed, std::uint64_t samples);
#else
inline std::unique_ptr<CudaCapability> make_primes_cuda(std::uint64_t) { return nullptr; }
inline std::unique_ptr<CudaCapability> make_factorise_cuda(std::uint64_t, std::uint64_t) {
  return nullptr;
}
inline std::unique_ptr<CudaCapability> make_mandelbrot_cuda(const MandelbrotView&) {
  return nullptr;
}
inline std::unique_ptr<CudaCapability> make_pi_cuda(std::uint64_t, std::uint64_t) {
  return nullptr;
}
#endif

}  // namespace concur::math
