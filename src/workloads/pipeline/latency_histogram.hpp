// Latencies from reading to alert, as a log-scale histogram of atomic
// counters (eight buckets per power of two: 9% resolution), so that sinks on
// many threads, or in forked children through a shared mapping, record into
// one place without locks. Quantiles come back as the bucket's midpoint.
#pragma once

#include <array>
#include <atomic>
#include <bit>
#include <cmath>
#include <cstdint>

namespace concur::pipeline {

class LatencyHistogram {
 public:
  static constexpr int kSubBuckets = 8;

  void clear() {
    for (auto& b : buckets_) b.store(0, std::memory_order_relaxed);
  }

  void record(std::int64_t nanoseconds) {
    buckets_[bucket_of(nanoseconds < 1 ? 1 : static_cast<std::uint64_t>(nanoseconds))].fetch_add(
        1, std::memory_order_relaxed);
  }

  std::uint64_t count() const {
    std::uint64_t n = 0;
    for (const auto& b : buckets_) n += b.load(std::memory_order_relaxed);
    return n;
  }

  // q in [0, 1]; 0 when empty.
  double quantile_seconds(double q) const {
    const std::uint64_t n = count();
    if (n == 0) return 0;
    const auto rank = static_cast<std::uint64_t>(q * static_cast<double>(n - 1));  // 0-based
    std::uint64_t seen = 0;
    for (std::size_t i = 0; i < buckets_.size(); ++i) {
      seen += buckets_[i].load(std::memory_order_relaxed);
      if (seen > rank) return midpoint_ns(i) * 1e-9;
    }
    return midpoint_ns(buckets_.size() - 1) * 1e-9;
  }

 private:
  // Bucket of v: its power of two, then the next three bits below the top one.
  static std::size_t bucket_of(std::uint64_t v) {
    const int top = std::bit_width(v) - 1;  // 0..63
    if (top < 3) return static_cast<std::size_t>(v);  // 1..7 exact
    const auto sub = static_cast<std::size_t>((v >> (top - 3)) & (kSubBuckets - 1));
    return static_cast<std::size_t>(top) * kSubBuckets + sub;
  }
  static double midpoint_ns(std::size_t bucket) {
    if (bucket < kSubBuckets) return static_cast<double>(bucket);
    const int top = static_cast<int>(bucket / kSubBuckets);
    return std::ldexp(1.0 + (static_cast<double>(bucket % kSubBuckets) + 0.5) / kSubBuckets, top);
  }

  std::array<std::atomic<std::uint64_t>, 64 * kSubBuckets> buckets_{};
};
static_assert(std::atomic<std::uint64_t>::is_always_lock_free, "shared across processes");

}  // namespace concur::pipeline
