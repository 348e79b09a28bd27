// Rank 0's bookkeeping for the farm, apart from MPI so it can be tested on
// its own: which contiguous range of task indices goes out next (guided
// self-scheduling), which ranges each worker holds, and where their results
// go. One message per range instead of one per task: mandelbrot's 1,024
// rows of ~2 ms went out as 1,024 round trips, each waking rank 0.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "concur/task.hpp"

namespace concur::mpi {

// Task indices [first, first + count).
struct TaskRange {
  std::uint64_t first = 0;
  std::uint64_t count = 0;
  std::uint64_t end() const { return first + count; }
  bool operator==(const TaskRange&) const = default;
};

// Guided self-scheduling (Polychronopoulos and Kuck): each range is the
// remaining tasks shared out over every range that can be in flight, so
// ranges start large (few messages) and shrink to single tasks near the
// end (the last ranges finish close together). Between 1 and `max_count`;
// 0 only when nothing remains.
std::uint64_t guided_range_size(std::uint64_t remaining, unsigned workers,
                                unsigned ranges_in_flight, std::uint64_t max_count);

class RangeFarm {
 public:
  // Each worker holds up to `ranges_in_flight` ranges: it starts the next
  // the moment it sends the results of one, never waiting a round trip.
  RangeFarm(std::size_t task_count, unsigned workers, unsigned ranges_in_flight,
            std::uint64_t max_count);

  // The next range for worker `w`, recorded as in flight on it; nothing when
  // every task is handed out or `w` holds its share of ranges already.
  std::optional<TaskRange> hand_out(std::size_t w);
  std::size_t in_flight(std::size_t w) const { return held_[w].size(); }

  // Worker `w`'s results for `range`, one per task in order: placed at
  // their indices. MPI keeps one sender's messages in order, so they must
  // be for the oldest range `w` holds; if not, says what is wrong (and
  // changes nothing).
  std::string accept(std::size_t w, TaskRange range, std::span<const TaskResult> results);

  // Empty once every task has its result, else which one has none.
  std::string first_missing() const;
  std::vector<TaskResult> take_results() { return std::move(results_); }

 private:
  std::size_t task_count_;
  unsigned workers_;
  unsigned ranges_in_flight_;
  std::uint64_t max_count_;
  std::uint64_t next_ = 0;  // the first task not yet handed out
  std::vector<std::deque<TaskRange>> held_;
  std::vector<TaskResult> results_;
  std::vector<bool> received_;
};

}  // namespace concur::mpi
