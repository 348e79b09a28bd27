// mandelbrot: escape times over the classic view [-2.2, 1.0] x [-1, 1],
// at most 1000 iterations per pixel. Checksum = total iterations. One task
// = one row: rows through the set cost ~100x rows outside it, a test of
// load balancing. Verified against a second implementation (std::complex,
// and points of the main cardioid and the period-2 bulb counted as inside
// without iterating), which also draws the --png picture.
#include <algorithm>
#include <array>
#include <cmath>
#include <complex>
#include <memory>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <png.h>

#include "concur/errors.hpp"
#include "concur/options.hpp"
#include "workloads/math/mandelbrot_options.hpp"
#include "concur/plugin.hpp"
#include "core/flag_checks.hpp"
#include "concur/workload.hpp"
#include "core/atomic_file.hpp"
#include "workloads/math/cuda_kernels.hpp"
#include "workloads/math/kernels.hpp"
#include "workloads/math/png_image.hpp"
#include "workloads/math/reference_cost.hpp"
#include "workloads/math/slices.hpp"  // fmt_mismatch

namespace concur {

namespace math {
CONCUR_CUDA_SIDE(make_mandelbrot_cuda, const MandelbrotView& view)  // mandelbrot.cu
}
namespace {

constexpr std::uint32_t kDefaultWidth = 640;  // ~0.2 s sequential: `all` stays near a minute
constexpr std::uint32_t kQuickWidth = 240;
constexpr std::uint32_t kMaxWidth = 16'384;  // the --png buffer stays under 400 MB
constexpr std::uint32_t kMaxIterations = 1000;
constexpr double kReferenceSecondsPerPixel = 1e-7;

math::MandelbrotView view_of_width(std::uint32_t width) {
  // The view is 3.2 x 2: the height keeps pixels square.
  return {width, std::max<std::uint32_t>(1, width * 5 / 8), kMaxIterations, -2.2, 1.0, -1.0, 1.0};
}

// Inside the main cardioid or the period-2 disc: never escapes.
bool in_cardioid_or_bulb(double x, double y) {
  const double xq = x - 0.25, q = xq * xq + y * y;
  if (q * (q + xq) < 0.25 * y * y) return true;
  return (x + 1) * (x + 1) + y * y < 1.0 / 16;
}

std::array<std::uint8_t, 3> colour_of(std::uint32_t iterations, std::uint32_t max_iter) {
  if (iterations >= max_iter) return {0, 0, 0};
  const double t = std::log1p(iterations) / std::log1p(max_iter), s = 1 - t;
  auto channel = [](double v) { return static_cast<std::uint8_t>(std::clamp(v, 0.0, 1.0) * 255); };
  return {channel(9 * s * t * t * t), channel(15 * s * s * t * t), channel(8.5 * s * s * s * t)};
}

// The gold total, and the picture when `png_path` is set.
std::uint64_t reference_total(const math::MandelbrotView& v, const std::string& png_path) {
  std::vector<std::uint8_t> rgb(png_path.empty() ? 0 : std::size_t{v.width} * v.height * 3);
  std::uint64_t total = 0;
  for (std::uint32_t row = 0; row < v.height; ++row) {
    throw_if_interrupted();  // a row is at most 16,384 pixels
    for (std::uint32_t column = 0; column < v.width; ++column) {
      const std::complex<double> c(math::mandelbrot_cx(v, column), math::mandelbrot_cy(v, row));
      std::uint32_t n = 0;
      if (in_cardioid_or_bulb(c.real(), c.imag())) {
        n = v.max_iter;
      } else {
        for (std::complex<double> z; n < v.max_iter && std::norm(z) <= 4.0; ++n) z = z * z + c;
      }
      total += n;
      if (!rgb.empty()) {
        auto colour = colour_of(n, v.max_iter);
        std::copy(colour.begin(), colour.end(), rgb.begin() + (std::size_t{row} * v.width + column) * 3);
      }
    }
  }
  if (!rgb.empty()) math::write_png_rgb(png_path, v.width, v.height, rgb);
  return total;
}

class MandelbrotWorkload final : public Workload {
 public:
  MandelbrotWorkload(const math::MandelbrotView& view, const std::string& png_path)
      : view_(view), expected_(reference_total(view, png_path)),
        cuda_(math::make_mandelbrot_cuda(view)) {}

  const WorkloadInfo& info() const override { return info_; }
  std::size_t task_count() const override { return view_.height; }
  std::uint64_t items() const override { return std::uint64_t{view_.width} * view_.height; }

  TaskResult run_task(std::size_t row, TaskContext& context) const override {
    const double cy = math::mandelbrot_cy(view_, static_cast<std::uint32_t>(row));
    TaskResult r;
    for (std::uint32_t column = 0; column < view_.width; ++column) {
      r.value += math::mandelbrot_escape(math::mandelbrot_cx(view_, column), cy, view_.max_iter);
      context.checkpoint();
    }
    r.items = view_.width;
    return r;
  }

  Verdict verify(const Answer& answer) const override {
    if (answer.items != items()) return Verdict::fail(fmt_mismatch("pixels", items(), answer.items));
    if (answer.value != expected_)
      return Verdict::fail(fmt_mismatch(
          fmt::format("total iterations over {}x{} pixels", view_.width, view_.height), expected_,
          answer.value));
    return Verdict::pass();
  }

  const CudaCapability* cuda() const override { return cuda_.get(); }

 private:
  WorkloadInfo info_ = declared_workload_info("mandelbrot", "pixels");
  math::MandelbrotView view_;
  std::uint64_t expected_;
  std::unique_ptr<CudaCapability> cuda_;
};

}  // namespace

void describe_mandelbrot_workload(PluginTraits& traits) {
  traits.add_flags = [](CLI::App& command, Options& options) {
    command.add_option("--png", options.plugins.get<MandelbrotOptions>().png_path, "mandelbrot: write the picture to this PNG file")
        ->type_name("FILE.png")
        ->check(non_empty());
  };
  traits.libraries.push_back({"libpng", PNG_LIBPNG_VER_STRING});
  traits.output_files = [](const Options& options) {
    std::vector<std::pair<std::string, std::string>> files;
    if (const std::string& png = options.plugins.get<MandelbrotOptions>().png_path; !png.empty())
      files.emplace_back("--png", png);
    return files;
  };
}

std::unique_ptr<Workload> make_mandelbrot_workload(const Options& options) {
  const std::uint64_t width = options.size.value_or(options.quick ? kQuickWidth : kDefaultWidth);
  if (width == 0 || width > kMaxWidth)
    throw UsageError(fmt::format("mandelbrot: --size (picture width in pixels) must be 1 to {}, got {}",
                                 kMaxWidth, width));
  const std::string png_path = options.plugins.get<MandelbrotOptions>().png_path;
  if (!png_path.empty()) check_output_path(png_path, "--png");
  const math::MandelbrotView view = view_of_width(static_cast<std::uint32_t>(width));
  math::announce_reference_cost("mandelbrot", width, kReferenceSecondsPerPixel * view.height);
  return std::make_unique<MandelbrotWorkload>(view, png_path);
}

}  // namespace concur
