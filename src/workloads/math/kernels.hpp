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

}  // namespace concur::math
