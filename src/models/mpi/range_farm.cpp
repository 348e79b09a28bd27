#include "models/mpi/range_farm.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace concur::mpi {

std::uint64_t guided_range_size(std::uint64_t remaining, unsigned workers,
                                unsigned ranges_in_flight, std::uint64_t max_count) {
  if (remaining == 0) return 0;
  const std::uint64_t shares = std::uint64_t{std::max(workers, 1u)} * std::max(ranges_in_flight, 1u);
  const std::uint64_t share = (remaining + shares - 1) / shares;  // rounded up: never 0
  return std::min({share, std::max<std::uint64_t>(max_count, 1), remaining});
}

RangeFarm::RangeFarm(std::size_t task_count, unsigned workers, unsigned ranges_in_flight,
                     std::uint64_t max_count)
    : task_count_(task_count), workers_(workers), ranges_in_flight_(ranges_in_flight),
      max_count_(max_count), held_(workers), results_(task_count), received_(task_count, false) {}

std::optional<TaskRange> RangeFarm::hand_out(std::size_t w) {
  if (next_ >= task_count_ || held_[w].size() >= ranges_in_flight_) return std::nullopt;
  const TaskRange range{next_, guided_range_size(task_count_ - next_, workers_, ranges_in_flight_,
                                                 max_count_)};
  next_ = range.end();
  held_[w].push_back(range);
  return range;
}

std::string RangeFarm::accept(std::size_t w, TaskRange range, std::span<const TaskResult> results) {
  if (held_[w].empty())
    return fmt::format("sent results for tasks [{}, {}) while holding none", range.first, range.end());
  const TaskRange expected = held_[w].front();
  if (range != expected || results.size() != range.count)
    return fmt::format("sent {} results for tasks [{}, {}) where [{}, {}) was expected",
                       results.size(), range.first, range.end(), expected.first, expected.end());
  for (std::size_t i = 0; i < results.size(); ++i) {
    results_[range.first + i] = results[i];
    received_[range.first + i] = true;
  }
  held_[w].pop_front();
  return {};
}

std::string RangeFarm::first_missing() const {
  auto missing = std::find(received_.begin(), received_.end(), false);
  if (missing == received_.end()) return {};
  return fmt::format("task {} returned no result", missing - received_.begin());
}

}  // namespace concur::mpi
