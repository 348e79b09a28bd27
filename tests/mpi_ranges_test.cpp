// The mpi farm's range hand-out on its own (no ranks): every task index goes
// out exactly once, in contiguous ranges of guided sizes, and every result
// lands at its own index; a lost, repeated or shifted range is caught.
#include <gtest/gtest.h>

#if defined(CONCUR_HAVE_MPI)

#include <deque>
#include <initializer_list>
#include <random>

#include "models/mpi/protocol.hpp"
#include "models/mpi/range_farm.hpp"

namespace concur::mpi {
namespace {

constexpr unsigned kInFlight = 2;

// What a worker returns for task `index`: tells every index apart.
TaskResult result_of(std::uint64_t index) {
  TaskResult r;
  r.value = index * 7 + 3;
  r.items = index;
  return r;
}

std::vector<TaskResult> results_for(TaskRange range) {
  std::vector<TaskResult> results;
  for (std::uint64_t i = range.first; i < range.end(); ++i) results.push_back(result_of(i));
  return results;
}

// A whole farm as the coordinator runs it, with workers finishing their
// oldest range in a random order. Returns the ranges in hand-out order.
std::vector<TaskRange> run_farm(RangeFarm& farm, unsigned workers, std::uint32_t seed) {
  std::vector<TaskRange> handed;
  std::vector<std::deque<TaskRange>> held(workers);
  auto refill = [&](unsigned w) {
    while (auto range = farm.hand_out(w)) {
      handed.push_back(*range);
      held[w].push_back(*range);
    }
  };
  for (unsigned w = 0; w < workers; ++w) refill(w);
  std::mt19937 random(seed);
  for (;;) {
    std::vector<unsigned> busy;
    for (unsigned w = 0; w < workers; ++w)
      if (!held[w].empty()) busy.push_back(w);
    if (busy.empty()) break;
    const unsigned w = busy[random() % busy.size()];
    const TaskRange range = held[w].front();
    held[w].pop_front();
    EXPECT_EQ(farm.accept(w, range, results_for(range)), "");
    refill(w);
  }
  return handed;
}

TEST(MpiRanges, GuidedSizesShrinkFromTheCapToOneTask) {
  EXPECT_EQ(guided_range_size(1024, 2, kInFlight, 15), 15u);   // capped
  EXPECT_EQ(guided_range_size(40, 2, kInFlight, 15), 10u);     // 40 over 4 ranges in flight
  EXPECT_EQ(guided_range_size(41, 2, kInFlight, 15), 11u);     // rounded up, not down
  EXPECT_EQ(guided_range_size(5, 3, kInFlight, 15), 1u);
  EXPECT_EQ(guided_range_size(1, 1, kInFlight, 15), 1u);
  EXPECT_EQ(guided_range_size(1, 1, 1, 15), 1u);
  EXPECT_EQ(guided_range_size(7, 1, 1, 15), 7u);  // one worker, one range: all that is left
  EXPECT_EQ(guided_range_size(0, 2, kInFlight, 15), 0u);
  EXPECT_EQ(guided_range_size(100, 2, kInFlight, 0), 1u);  // a cap of 0 still hands out work
}

// Task counts around multiples of the cap, fewer tasks than workers, none.
TEST(MpiRanges, EveryTaskGoesOutOnceInContiguousRangesAndLandsAtItsIndex) {
  for (std::size_t tasks : std::initializer_list<std::size_t>{0, 1, 2, 3, 14, 15, 16, 29, 30, 31, 59, 61,
                                                                100, 256, 1023, 1024, 1025}) {
    for (unsigned workers : {1u, 2u, 3u, 7u}) {
      SCOPED_TRACE(::testing::Message() << tasks << " tasks, " << workers << " workers");
      RangeFarm farm(tasks, workers, kInFlight, kMaxRangeTasks);
      const auto handed = run_farm(farm, workers, static_cast<std::uint32_t>(tasks * 31 + workers));
      std::uint64_t next = 0;
      for (const TaskRange& range : handed) {
        ASSERT_EQ(range.first, next) << "a gap or an overlap";
        ASSERT_GE(range.count, 1u);
        ASSERT_LE(range.count, kMaxRangeTasks);
        next = range.end();
      }
      EXPECT_EQ(next, tasks) << "not every task was handed out, or more than there are";
      if (tasks > 0) {
        EXPECT_EQ(handed.back().count, 1u) << "the last range is a single task";
      }
      EXPECT_EQ(farm.first_missing(), "");
      for (unsigned w = 0; w < workers; ++w) EXPECT_EQ(farm.in_flight(w), 0u);
      const auto results = farm.take_results();
      ASSERT_EQ(results.size(), tasks);
      for (std::size_t i = 0; i < tasks; ++i) {
        ASSERT_EQ(results[i].value, result_of(i).value) << "result of task " << i;
        ASSERT_EQ(results[i].items, i);
      }
    }
  }
}

TEST(MpiRanges, MandelbrotsRowsGoOutInFarFewerMessages) {
  RangeFarm farm(1024, 2, kInFlight, kMaxRangeTasks);
  const auto handed = run_farm(farm, 2, 1);
  EXPECT_GE(handed.size(), 1024 / kMaxRangeTasks);
  EXPECT_LE(handed.size(), 1024 / kMaxRangeTasks + 30);  // plus the shrinking tail
}

TEST(MpiRanges, AWorkerHoldsAtMostItsRangesInFlight) {
  RangeFarm farm(1000, 2, kInFlight, kMaxRangeTasks);
  EXPECT_EQ(farm.hand_out(0), (TaskRange{0, 15}));
  EXPECT_EQ(farm.hand_out(0), (TaskRange{15, 15}));
  EXPECT_FALSE(farm.hand_out(0));
  EXPECT_EQ(farm.hand_out(1), (TaskRange{30, 15}));
  EXPECT_EQ(farm.in_flight(0), 2u);
  EXPECT_EQ(farm.accept(0, {0, 15}, results_for({0, 15})), "");
  EXPECT_EQ(farm.in_flight(0), 1u);
  EXPECT_EQ(farm.hand_out(0), (TaskRange{45, 15}));
}

TEST(MpiRanges, ResultsForAnyRangeButTheOldestHeldAreRejected) {
  RangeFarm farm(40, 2, kInFlight, kMaxRangeTasks);
  const TaskRange first = *farm.hand_out(0);   // [0, 10)
  const TaskRange second = *farm.hand_out(0);  // [10, 18)
  EXPECT_NE(farm.accept(1, first, results_for(first)), "") << "worker 1 holds nothing";
  EXPECT_NE(farm.accept(0, second, results_for(second)), "") << "out of order";
  EXPECT_NE(farm.accept(0, {first.first + 1, first.count}, results_for({first.first + 1, first.count})),
            "")
      << "shifted by one";
  EXPECT_NE(farm.accept(0, {first.first, first.count - 1}, results_for({first.first, first.count - 1})),
            "")
      << "one task short";
  auto short_results = results_for(first);
  short_results.pop_back();
  EXPECT_NE(farm.accept(0, first, short_results), "") << "fewer results than tasks";
  EXPECT_EQ(farm.first_missing(), "task 0 returned no result") << "a rejected message placed results";
  EXPECT_EQ(farm.accept(0, first, results_for(first)), "");
  EXPECT_NE(farm.accept(0, first, results_for(first)), "") << "the same range twice";
  EXPECT_EQ(farm.first_missing(), "task 10 returned no result");
}

TEST(MpiRanges, ALostRangeIsNamedByItsFirstTask) {
  RangeFarm farm(100, 1, kInFlight, kMaxRangeTasks);
  const TaskRange a = *farm.hand_out(0), b = *farm.hand_out(0);
  EXPECT_EQ(farm.accept(0, a, results_for(a)), "");
  EXPECT_EQ(farm.first_missing(), "task " + std::to_string(b.first) + " returned no result");
}

TEST(MpiRanges, ResultMessagesRoundTripWithTheRanksUsageAndFitTheEagerLimit) {
  const TaskRange range{1000, kMaxRangeTasks};
  auto results = results_for(range);
  results[3] = TaskResult::failure("disk on fire");
  mechanism::RankUsage usage;
  usage.user_us = 123456;
  usage.system_us = 789;
  usage.involuntary_switches = 42;
  usage.run_delay_ns = 5'000'000;
  usage.run_delay_known = 1;
  const std::string bytes = encode_results(range, usage, results);
  EXPECT_LE(bytes.size(), 4096u - 64) << "over Open MPI's shared-memory eager limit";
  TaskRange decoded_range;
  mechanism::RankUsage decoded_usage;
  std::vector<TaskResult> decoded;
  ASSERT_TRUE(decode_results(bytes, decoded_range, decoded_usage, decoded));
  EXPECT_EQ(decoded_range, range);
  EXPECT_EQ(decoded_usage.user_us, 123456u);
  EXPECT_EQ(decoded_usage.system_us, 789u);
  EXPECT_EQ(decoded_usage.involuntary_switches, 42u);
  EXPECT_EQ(decoded_usage.run_delay_ns, 5'000'000u);
  EXPECT_EQ(decoded_usage.run_delay_known, 1u);
  ASSERT_EQ(decoded.size(), results.size());
  for (std::size_t i = 0; i < decoded.size(); ++i) EXPECT_EQ(decoded[i].value, results[i].value);
  EXPECT_FALSE(decoded[3].ok);
  EXPECT_EQ(decoded[3].error_message(), "disk on fire");

  EXPECT_FALSE(decode_results(bytes.substr(0, bytes.size() - 1), decoded_range, decoded_usage, decoded));
  EXPECT_FALSE(decode_results(bytes + '\0', decoded_range, decoded_usage, decoded));
  EXPECT_FALSE(decode_results("", decoded_range, decoded_usage, decoded));
  // A range header alone, as before ranks sent their usage: refused.
  EXPECT_FALSE(decode_results(bytes.substr(0, sizeof(TaskRange)), decoded_range, decoded_usage, decoded));
  const TaskRange too_long{0, kMaxRangeTasks + 1};
  EXPECT_FALSE(decode_results(encode_results(too_long, usage, results_for(too_long)), decoded_range,
                              decoded_usage, decoded));
  ASSERT_TRUE(decode_results(encode_results({5, 0}, usage, {}), decoded_range, decoded_usage, decoded));
  EXPECT_TRUE(decoded.empty());
}

}  // namespace
}  // namespace concur::mpi

#endif  // CONCUR_HAVE_MPI
