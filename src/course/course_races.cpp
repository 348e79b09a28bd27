// The unlocked counter is a std::atomic read and written separately
// (relaxed load, then store): the lost updates of a data race, without the
// undefined behaviour of a plain int, so the sanitizers stay quiet and the
// program stays valid C++.
#include "course/course_races.hpp"

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>
#include <vector>

namespace concur::course {
namespace {

template <typename Body>
double timed_threads(unsigned threads, Body body) {
  const auto start = std::chrono::steady_clock::now();
  std::vector<std::thread> pool;
  for (unsigned t = 0; t < threads; ++t) pool.emplace_back(body);
  for (auto& t : pool) t.join();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

RaceFacts measure_races(unsigned threads, std::uint64_t increments, unsigned repetitions) {
  RaceFacts f;
  f.threads = threads;
  f.increments = increments;
  std::vector<double> unlocked, locked;
  for (unsigned r = 0; r < repetitions; ++r) {
    std::atomic<std::uint64_t> racy{0};
    unlocked.push_back(timed_threads(threads, [&] {
      for (std::uint64_t i = 0; i < increments; ++i)
        racy.store(racy.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);  // read, then write
    }));
    std::mutex lock;
    std::uint64_t guarded = 0;
    locked.push_back(timed_threads(threads, [&] {
      for (std::uint64_t i = 0; i < increments; ++i) {
        std::lock_guard hold(lock);
        ++guarded;
      }
    }));
    // Keep the worst run: the one that lost the most.
    if (r == 0 || racy.load() < f.unlocked_total) f.unlocked_total = racy.load();
    f.locked_total = guarded;
  }
  f.unlocked = Measured::sampled(std::move(unlocked));
  f.locked = Measured::sampled(std::move(locked));
  return f;
}

}  // namespace concur::course
