// stream: the STREAM triad a[i] = b[i] + s*c[i] (McCalpin; BabelStream's
// "Triad"), memory-bound: two loads and one store per multiply-add, so it
// measures how fast the cores together can move bytes, not how fast they
// compute. One task = one contiguous chunk of the arrays.
//
// Size: the three arrays together are at least 4x the last-level cache (the
// figure `info` prints), so no run is served from cache; --size sets the
// elements per array. Throughput counts STREAM's bytes moved: 3 arrays x 8
// bytes x n per run (write-allocate traffic is not counted, as in STREAM).
//
// Verification is exact. b[i] and c[i] are small integers taken from the
// bits of i, and s is 2 or 3, so every a[i] is an integer far below 2^53:
// the triad is exact in double whatever the vector width or FMA use. After
// each run every element of a is compared with the same value computed in
// integer arithmetic. The scalar alternates between runs (before_run), so a
// model that skipped a chunk fails on the stale values the previous run left.
// a lives in a shared mapping, so forked children write the parent's a; b
// and c are private (children only read them), which spares each child the
// page faults of a shared mapping on two thirds of the bytes.
#include <algorithm>
#include <memory>

#include <fmt/format.h>

#include "concur/errors.hpp"
#include "concur/options.hpp"
#include "concur/workload.hpp"
#include "core/machine.hpp"
#include "workloads/math/slices.hpp"
#include "workloads/shared_mapping.hpp"

namespace concur {
namespace {

constexpr std::uint64_t kBytesPerElement = 3 * sizeof(double);  // read b, read c, write a
constexpr std::uint64_t kQuickElements = 1 << 20;                // 8 MiB per array
constexpr std::uint64_t kFallbackElements = 1 << 25;             // BabelStream's default
constexpr std::uint64_t kMaxElements = 1ull << 32;               // 32 GiB per array
constexpr std::uint64_t kElementsPerTask = 1 << 17;              // 1 MiB of each array
constexpr std::uint64_t kElementsPerCheckpoint = 1 << 15;        // tens of microseconds

// The gold values, in integers: b and c from two 10-bit fields of i.
std::uint64_t b_of(std::uint64_t i) { return i & 1023; }
std::uint64_t c_of(std::uint64_t i) { return (i >> 10) & 1023; }

std::uint64_t last_level_cache_bytes() {
  const std::vector<CacheInfo> caches = cpu_caches();
  long bytes = 0;
  int level = 0;
  for (const auto& cache : caches)
    if (cache.type != "Instruction" && cache.level >= level) level = cache.level, bytes = cache.size_bytes;
  return static_cast<std::uint64_t>(std::max(0L, bytes));
}

class StreamWorkload final : public Workload {
 public:
  explicit StreamWorkload(std::uint64_t n)
      : n_(n), slices_(n, (n + kElementsPerTask - 1) / kElementsPerTask),
        output_(n * sizeof(double)), inputs_(2 * n * sizeof(double)) {
    a_ = static_cast<double*>(output_.data());
    b_ = static_cast<double*>(inputs_.data());
    c_ = b_ + n;
    // Touch every page now, outside the timer (first-touch faults are not bandwidth).
    for (std::uint64_t i = 0; i < n_; ++i) {
      a_[i] = 0;
      b_[i] = static_cast<double>(b_of(i));
      c_[i] = static_cast<double>(c_of(i));
    }
  }

  const WorkloadInfo& info() const override { return info_; }
  std::size_t task_count() const override { return slices_.count(); }
  std::uint64_t items() const override { return n_ * kBytesPerElement; }

  void before_run() override { scalar_ = scalar_ == 3 ? 2 : 3; }

  TaskResult run_task(std::size_t index, TaskContext& context) const override {
    auto [begin, end] = slices_.slice(index);
    double* __restrict a = a_;
    const double* __restrict b = b_;
    const double* __restrict c = c_;
    const double s = static_cast<double>(scalar_);
    for (std::uint64_t i = begin; i < end;) {
      const std::uint64_t stop = std::min(end, i + kElementsPerCheckpoint);
      for (; i < stop; ++i) a[i] = b[i] + s * c[i];
      context.checkpoint();
    }
    TaskResult r;
    r.value = end - begin;  // elements written
    r.items = (end - begin) * kBytesPerElement;
    return r;
  }

  Verdict verify(const Answer& answer) const override {
    if (answer.value != n_) return Verdict::fail(fmt_mismatch("elements written", n_, answer.value));
    if (answer.items != items()) return Verdict::fail(fmt_mismatch("bytes moved", items(), answer.items));
    std::uint64_t wrong = 0, first = 0;
    for (std::uint64_t i = 0; i < n_; ++i) {
      const std::uint64_t expected = b_of(i) + scalar_ * c_of(i);
      if (a_[i] != static_cast<double>(expected) && wrong++ == 0) first = i;
    }
    if (wrong > 0)
      return Verdict::fail(fmt::format("{} of {} elements wrong; first a[{}] = {}, expected {} + {}*{}",
                                       wrong, n_, first, a_[first], b_of(first), scalar_, c_of(first)));
    return Verdict::pass();
  }

 private:
  WorkloadInfo info_ = declared_workload_info("stream", "bytes");
  std::uint64_t n_;
  math::Slices slices_;
  SharedMapping output_;   // a
  PrivateMapping inputs_;  // b, c
  double* a_;
  double* b_;
  double* c_;
  std::uint64_t scalar_ = 3;
};

}  // namespace

std::unique_ptr<Workload> make_stream_workload(const Options& options) {
  std::uint64_t n = options.quick ? kQuickElements : kFallbackElements;
  if (options.size) {
    n = *options.size;
  } else if (!options.quick) {
    if (const std::uint64_t llc = last_level_cache_bytes(); llc > 0)
      n = std::max<std::uint64_t>(kQuickElements, (4 * llc + kBytesPerElement - 1) / kBytesPerElement);
  }
  if (n < 1024 || n > kMaxElements)
    throw UsageError(fmt::format("stream: --size (elements per array) must be 1024 to {}, got {}",
                                 kMaxElements, n));
  return std::make_unique<StreamWorkload>(n);
}

}  // namespace concur
