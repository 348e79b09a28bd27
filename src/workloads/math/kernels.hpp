// Per-element logic of the math kernels, shared by the CPU tasks and the
// CUDA kernels (__host__ __device__ under nvcc), so CPU tests cover both.
#pragma once

#include <cstdint>

#if defined(__CUDACC__)
#define CONCUR_HD __host__ __device__ __forceinline__
#else
#define CONCUR_HD inline
#endif

namespace concur::math {

// 2, then odd divisors up to sqrt(n): the course's naive test.
CONCUR_HD bool is_prime_trial_division(std::uint32_t n) {
  if (n < 2) return false;
  if (n % 2 == 0) return n == 2;
  for (std::uint32_t d = 3; d <= n / d; d += 2)
    if (n % d == 0) return false;
  return true;
}

// --- Counter-based random numbers -------------------------------------------
// Output `index` of a SplitMix64 generator seeded with `seed` (Steele, Lea &
// Flood 2014): state advances by the golden gamma, output is the mixed
// state. Random access by index is what lets every model, every worker and
// the GPU draw exactly the same numbers without sharing a generator.
inline constexpr std::uint64_t kGoldenGamma = 0x9E3779B97F4A7C15ull;

CONCUR_HD std::uint64_t splitmix64(std::uint64_t seed, std::uint64_t index) {
  std::uint64_t z = seed + (index + 1) * kGoldenGamma;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

// --- factorise ----------------------------------------------------------------
// The course's inputs: integers drawn from [20,000, 100,000,000].
inline constexpr std::uint32_t kFactoriseLow = 20'000;
inline constexpr std::uint32_t kFactoriseHigh = 100'000'000;

CONCUR_HD std::uint32_t factorise_input(std::uint64_t seed, std::uint64_t index) {
  constexpr std::uint64_t span = kFactoriseHigh - kFactoriseLow + 1;
  return static_cast<std::uint32_t>(kFactoriseLow + splitmix64(seed, index) % span);
}

// Prime factors by trial division (2, then odd divisors up to sqrt of what
// is left), handed to `on_factor` with multiplicity, smallest first.
template <typename OnFactor>
CONCUR_HD void for_each_prime_factor(std::uint32_t n, OnFactor&& on_factor) {
  while (n >= 2 && n % 2 == 0) {
    on_factor(2u);
    n /= 2;
  }
  for (std::uint32_t d = 3; d <= n / d; d += 2) {
    while (n % d == 0) {
      on_factor(d);
      n /= d;
    }
  }
  if (n > 1) on_factor(n);
}

// What one number adds to the checksum: the sum of its prime factors plus
// their count times an odd constant, so a lost or an extra factor both show.
// Wrapping sums of these are what tasks return and what the GPU adds up.
CONCUR_HD std::uint64_t factor_checksum(std::uint64_t factor_sum, std::uint64_t factor_count) {
  return factor_sum + factor_count * kGoldenGamma;
}

CONCUR_HD std::uint64_t factorise_checksum(std::uint32_t n) {
  std::uint64_t sum = 0, count = 0;
  for_each_prime_factor(n, [&](std::uint32_t p) {
    sum += p;
    ++count;
  });
  return factor_checksum(sum, count);
}

// --- mandelbrot -----------------------------------------------------------------
// Every product and sum is rounded on its own, as IEEE double: the device
// must not fuse them into FMAs (nvcc --fmad=false, and the _rn intrinsics
// here), nor the host (-ffp-contract=off), so both count the same iterations.
CONCUR_HD double mul_rn(double a, double b) {
#if defined(__CUDA_ARCH__)
  return __dmul_rn(a, b);
#else
  return a * b;
#endif
}
CONCUR_HD double add_rn(double a, double b) {
#if defined(__CUDA_ARCH__)
  return __dadd_rn(a, b);
#else
  return a + b;
#endif
}

// The picture: `width` x `height` pixel centres over [x_min, x_max] x
// [y_min, y_max] (row 0 at the top), at most `max_iter` iterations each.
struct MandelbrotView {
  std::uint32_t width = 0, height = 0;
  std::uint32_t max_iter = 0;
  double x_min = 0, x_max = 0, y_min = 0, y_max = 0;
};

CONCUR_HD double mandelbrot_cx(const MandelbrotView& v, std::uint32_t column) {
  return add_rn(v.x_min, (v.x_max - v.x_min) * (column + 0.5) / v.width);
}
CONCUR_HD double mandelbrot_cy(const MandelbrotView& v, std::uint32_t row) {
  return add_rn(v.y_max, -((v.y_max - v.y_min) * (row + 0.5) / v.height));
}

// Escape time of c = cx + i*cy: iterations of z <- z^2 + c from 0 while
// |z| <= 2, at most max_iter (points of the set reach max_iter).
CONCUR_HD std::uint32_t mandelbrot_escape(double cx, double cy, std::uint32_t max_iter) {
  double x = 0, y = 0;
  std::uint32_t i = 0;
  for (; i < max_iter; ++i) {
    const double x2 = mul_rn(x, x), y2 = mul_rn(y, y);
    if (add_rn(x2, y2) > 4.0) break;
    y = add_rn(mul_rn(2.0 * x, y), cy);
    x = add_rn(add_rn(x2, -y2), cx);
  }
  return i;
}

// --- pi -------------------------------------------------------------------------
// Sample `index` is a point of the unit square with 31-bit integer
// coordinates (the two halves of one SplitMix64 output); it hits the quarter
// disc when x^2 + y^2 < 2^62. Integer arithmetic: exact everywhere.
CONCUR_HD bool pi_sample_hits(std::uint64_t seed, std::uint64_t index) {
  const std::uint64_t r = splitmix64(seed, index);
  const std::uint64_t x = r >> 33;
  const std::uint64_t y = (r & 0xFFFF'FFFFull) >> 1;
  return x * x + y * y < (1ull << 62);
}

}  // namespace concur::math
