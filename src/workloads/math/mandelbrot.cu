// mandelbrot on the device: one thread per pixel, the same coordinates and
// escape loop as the CPU tasks (kernels.hpp), without fused multiply-adds.
#include "workloads/math/cuda_kernels.hpp"
#include "workloads/math/cuda_support.cuh"

namespace concur::math {
namespace {

__global__ void mandelbrot_kernel(MandelbrotView view, unsigned long long* total) {
  const std::uint64_t pixel = std::uint64_t{blockIdx.x} * blockDim.x + threadIdx.x;
  std::uint64_t value = 0;
  if (pixel < std::uint64_t{view.width} * view.height) {
    const auto row = static_cast<std::uint32_t>(pixel / view.width);
    const auto column = static_cast<std::uint32_t>(pixel % view.width);
    value = mandelbrot_escape(mandelbrot_cx(view, column), mandelbrot_cy(view, row), view.max_iter);
  }
  cuda::warp_add(value, total);
}

class MandelbrotCuda final : public CudaCapability {
 public:
  explicit MandelbrotCuda(const MandelbrotView& view) : view_(view) {}

  CudaRun run_on_device() const override {
    constexpr unsigned threads = 256;
    const std::uint64_t pixels = std::uint64_t{view_.width} * view_.height;
    const unsigned blocks = cuda::blocks_for(pixels, threads);
    return cuda::run_counting(pixels, blocks, threads, [&](unsigned long long* total) {
      mandelbrot_kernel<<<blocks, threads>>>(view_, total);
    });
  }

 private:
  MandelbrotView view_;
};

}  // namespace

std::unique_ptr<CudaCapability> make_mandelbrot_cuda(const MandelbrotView& view) {
  return std::make_unique<MandelbrotCuda>(view);
}

}  // namespace concur::math
