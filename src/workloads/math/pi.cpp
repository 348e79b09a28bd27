// pi: Monte-Carlo estimate from N points of the unit square; a point is a
// hit inside the quarter disc. Points come from a counter-based generator
// (SplitMix64 of (seed, sample index)) with integer coordinates, so every
// model and the GPU count exactly the same hits. One task = one contiguous
// range of sample indices.
//
// Verification is exact and two-fold. The hit count must equal a gold count
// taken by a plain loop over all samples, outside any model; that pass costs
// as much as a sequential run, so it is taken once, on the first verify()
// (outside the timer), not when the workload is built. And, independently
// of the generator code, the count must lie within 6 standard deviations of
// N*pi/4, which catches a generator that is deterministic but not uniform.
#include <cmath>
#include <memory>
#include <mutex>
#include <numbers>

#include <fmt/format.h>

#include "concur/errors.hpp"
#include "concur/options.hpp"
#include "concur/workload.hpp"
#include "workloads/math/cuda_kernels.hpp"
#include "workloads/math/kernels.hpp"
#include "workloads/math/reference_cost.hpp"
#include "workloads/math/slices.hpp"

namespace concur {

namespace math {
CONCUR_CUDA_SIDE(make_pi_cuda, std::uint64_t seed, std::uint64_t samples)  // pi.cu
}
namespace {

constexpr std::uint64_t kDefaultSamples = 100'000'000;  // ~0.2 s sequential
constexpr std::uint64_t kQuickSamples = 15'000'000;
constexpr std::uint64_t kMaxSamples = 1ull << 40;
constexpr std::size_t kPiTasks = 256;
constexpr double kReferenceSecondsPerSample = 4e-9;
// A checkpoint every this many samples: a few microseconds of work.
constexpr std::uint64_t kSamplesPerCheckpoint = 1024;

class PiWorkload final : public Workload {
 public:
  PiWorkload(std::uint64_t seed, std::uint64_t samples)
      : seed_(seed), samples_(samples), slices_(samples, kPiTasks),
        cuda_(math::make_pi_cuda(seed, samples)) {}

  const WorkloadInfo& info() const override { return info_; }
  std::size_t task_count() const override { return slices_.count(); }
  std::uint64_t items() const override { return samples_; }

  TaskResult run_task(std::size_t index, TaskContext& context) const override {
    auto [begin, end] = slices_.slice(index);
    TaskResult r;
    for (std::uint64_t i = begin; i < end;) {
      const std::uint64_t stop = std::min(end, i + kSamplesPerCheckpoint);
      for (; i < stop; ++i) r.value += math::pi_sample_hits(seed_, i) ? 1 : 0;
      context.checkpoint();
    }
    r.items = end - begin;
    return r;
  }

  Verdict verify(const Answer& answer) const override {
    if (answer.items != samples_)
      return Verdict::fail(fmt_mismatch("samples", samples_, answer.items));
    const double n = static_cast<double>(samples_), p = std::numbers::pi / 4;
    const double deviation = std::abs(static_cast<double>(answer.value) - n * p);
    if (deviation > 6 * std::sqrt(n * p * (1 - p)) + 1)
      return Verdict::fail(fmt::format("{} hits of {} samples is {:.0f} away from N*pi/4", answer.value,
                                       samples_, deviation));
    // The gold count runs here, untimed, at the first verification; an
    // interrupt leaves it unset (call_once retries after an exception).
    try {
      std::call_once(gold_once_, [this] { gold_hits_ = count_hits_plainly(); });
    } catch (const Interrupted&) {
      return Verdict::fail("interrupted before the gold answer was complete");
    }
    if (answer.value != gold_hits_)
      return Verdict::fail(fmt_mismatch(fmt::format("hits of {} samples (seed {})", samples_, seed_),
                                        gold_hits_, answer.value));
    return Verdict::pass();
  }

  const CudaCapability* cuda() const override { return cuda_.get(); }

 private:
  std::uint64_t count_hits_plainly() const {
    std::uint64_t hits = 0;
    math::InterruptPoll poll;
    for (std::uint64_t i = 0; i < samples_; ++i) {
      hits += math::pi_sample_hits(seed_, i);
      poll();
    }
    return hits;
  }

  WorkloadInfo info_ = declared_workload_info("pi", "samples");
  std::uint64_t seed_;
  std::uint64_t samples_;
  math::Slices slices_;
  std::unique_ptr<CudaCapability> cuda_;
  mutable std::once_flag gold_once_;
  mutable std::uint64_t gold_hits_ = 0;
};

}  // namespace

std::unique_ptr<Workload> make_pi_workload(const Options& options) {
  const std::uint64_t samples = options.size.value_or(options.quick ? kQuickSamples : kDefaultSamples);
  if (samples == 0 || samples > kMaxSamples)
    throw UsageError(fmt::format("pi: --size (how many samples) must be 1 to {}, got {}", kMaxSamples,
                                 samples));
  math::announce_reference_cost("pi", samples, kReferenceSecondsPerSample);
  return std::make_unique<PiWorkload>(options.seed, samples);
}

}  // namespace concur
