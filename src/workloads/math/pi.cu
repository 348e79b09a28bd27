// pi on the device: a grid-stride loop over sample indices, the same
// counter-based generator and hit test as the CPU tasks (kernels.hpp).
#include <algorithm>

#include "workloads/math/cuda_kernels.hpp"
#include "workloads/math/cuda_support.cuh"

namespace concur::math {
namespace {

__global__ void pi_kernel(std::uint64_t seed, std::uint64_t samples, unsigned long long* total) {
  const std::uint64_t stride = std::uint64_t{gridDim.x} * blockDim.x;
  std::uint64_t hits = 0;
  for (std::uint64_t i = std::uint64_t{blockIdx.x} * blockDim.x + threadIdx.x; i < samples; i += stride)
    hits += pi_sample_hits(seed, i) ? 1 : 0;
  cuda::warp_add(hits, total);
}

class PiCuda final : public CudaCapability {
 public:
  PiCuda(std::uint64_t seed, std::uint64_t samples) : seed_(seed), samples_(samples) {}

  CudaRun run_on_device() const override {
    constexpr unsigned threads = 256;
    int device = 0, multiprocessors = 0;
    cuda::check(cudaGetDevice(&device), "cudaGetDevice");
    cuda::check(cudaDeviceGetAttribute(&multiprocessors, cudaDevAttrMultiProcessorCount, device),
                "cudaDeviceGetAttribute");
    // Enough resident blocks to fill every SM, no more than the samples need.
    const unsigned blocks =
        std::min(cuda::blocks_for(samples_, threads), static_cast<unsigned>(multiprocessors) * 8);
    return cuda::run_counting(samples_, blocks, threads, [&](unsigned long long* total) {
      pi_kernel<<<blocks, threads>>>(seed_, samples_, total);
    });
  }

 private:
  std::uint64_t seed_, samples_;
};

}  // namespace

std::unique_ptr<CudaCapability> make_pi_cuda(std::uint64_t seed, std::uint64_t samples) {
  return std::make_unique<PiCuda>(seed, samples);
}

}  // namespace concur::math
