// The pool model's advantage over threads, in the run's context: measured
// once (spawn + join of N std::threads against a wake of N parked pool
// threads), carried by JSON and Markdown, and said in one line under the
// table only when both models ran.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "concur/registry.hpp"
#include "concur/report.hpp"
#include "models/spawn_cost.hpp"
#include "report_fixture.hpp"
#include "run_binary.hpp"

namespace concur {
namespace {

using nlohmann::json;
using testing::run_binary;

TEST(SpawnCost, MeasuresBothFiguresForTheThreadsAsked) {
  const SpawnCost cost = measure_spawn_cost(3, 5);
  EXPECT_EQ(cost.threads, 3u);
  EXPECT_EQ(cost.repetitions, 5u);
  EXPECT_GT(cost.thread_spawn_seconds, 0);
  EXPECT_GT(cost.pool_wake_seconds, 0);
  EXPECT_LT(cost.thread_spawn_seconds, 1.0);  // microseconds, not a hang
  EXPECT_LT(cost.pool_wake_seconds, 1.0);
}

// Decided by the models' traits: of every registered model, only threads
// (spawns per run) and pool (keeps its threads parked) call for it.
TEST(SpawnCost, OnlyThreadsAndPoolCallForIt) {
  std::vector<std::string> applies;
  for (const auto& entry : model_registry())
    if (spawn_cost_applies(*registered_model_info(entry.name))) applies.emplace_back(entry.name);
  EXPECT_EQ(applies, (std::vector<std::string>{"threads", "pool"}));
  EXPECT_TRUE(registered_model_info("threads")->spawns_threads_per_run);
  EXPECT_FALSE(registered_model_info("threads")->keeps_threads_between_runs);
  EXPECT_TRUE(registered_model_info("pool")->keeps_threads_between_runs);
  EXPECT_FALSE(registered_model_info("pool")->spawns_threads_per_run);
  EXPECT_EQ(registered_model_info("no-such-model"), nullptr);
}

RunReport report_with(std::vector<std::string> models) {
  RunReport r;
  r.context = testing::fake_context();
  r.context.spawn_cost = SpawnCost{2, 9, 85.2e-6, 12.1e-6};
  for (const auto& m : models) r.cells.push_back(testing::fake_cell(m, 2, {0.5, 0.51, 0.49}));
  return r;
}

TEST(SpawnCostNote, TheTableSaysItOnlyWhenBothModelsRan) {
  const std::string line =
      "threads pay ~85.2 µs per run to start and join 2 threads; pool wakes its parked threads in ~12.1 µs\n";
  EXPECT_NE(render("table", report_with({"threads", "pool"})).find(line), std::string::npos);
  EXPECT_EQ(render("table", report_with({"threads"})).find("pool wakes"), std::string::npos);
  EXPECT_EQ(render("table", report_with({"pool"})).find("threads pay"), std::string::npos);
  RenderOptions narrow;
  narrow.width = 80;  // the second half goes on a line of its own
  EXPECT_NE(render("table", report_with({"threads", "pool"}), narrow).find("threads;\n  pool wakes"),
            std::string::npos);
  RunReport failed_pool = report_with({"threads", "pool"});
  failed_pool.cells[1].status = CellStatus::failed;
  EXPECT_EQ(render("table", failed_pool).find("threads pay"), std::string::npos);
}

TEST(SpawnCostNote, MarkdownContextAndJsonCarryIt) {
  const RunReport report = report_with({"threads"});
  const std::string markdown = render("markdown", report);
  EXPECT_NE(markdown.find("| thread start-up | start and join 2 std::threads 85.2 µs; wake 2 parked pool threads 12.1 µs"),
            std::string::npos)
      << markdown;
  const json context = json::parse(render("json", report))["context"];
  EXPECT_EQ(context["spawn_threads"], 2);
  EXPECT_DOUBLE_EQ(context["thread_spawn_s"].get<double>(), 85.2e-6);
  EXPECT_DOUBLE_EQ(context["pool_wake_s"].get<double>(), 12.1e-6);

  RunReport without = report;
  without.context.spawn_cost.reset();
  EXPECT_TRUE(json::parse(render("json", without))["context"]["thread_spawn_s"].is_null());
  EXPECT_EQ(render("markdown", without).find("thread start-up"), std::string::npos);
}

// End to end: the runner measures it when threads or pool is in the run.
json run_context(const char* models) {
  auto r = run_binary({"math", "--quick", "--workloads", "pi", "--models", models, "--workers", "2",
                       "--repetitions", "1", "--format", "json"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return json::parse(r.out)["context"];
}

TEST(SpawnCostCli, JsonContextCarriesBothFiguresWhenThreadsOrPoolRan) {
  for (const char* models : {"threads,pool", "pool"}) {
    const json context = run_context(models);
    EXPECT_EQ(context["spawn_threads"], 2) << models;
    EXPECT_GT(context["thread_spawn_s"].get<double>(), 0) << models;
    EXPECT_GT(context["pool_wake_s"].get<double>(), 0) << models;
  }
  EXPECT_TRUE(run_context("sequential")["thread_spawn_s"].is_null());
}

TEST(SpawnCostCli, TheLineUnderTheTableNeedsBothModels) {
  auto both = run_binary({"math", "--quick", "--workloads", "pi", "--models", "sequential,threads,pool",
                          "--workers", "2", "--repetitions", "1"});
  ASSERT_EQ(both.exit_code, 0) << both.err;
  EXPECT_NE(both.out.find("threads pay ~"), std::string::npos) << both.out;
  EXPECT_NE(both.out.find("to start and join 2 threads;"), std::string::npos) << both.out;
  EXPECT_NE(both.out.find("pool wakes its parked threads in ~"), std::string::npos) << both.out;
  auto one = run_binary({"math", "--quick", "--workloads", "pi", "--models", "sequential,threads", "--workers", "2",
                         "--repetitions", "1"});
  ASSERT_EQ(one.exit_code, 0) << one.err;
  EXPECT_EQ(one.out.find("pool wakes"), std::string::npos) << one.out;
}

}  // namespace
}  // namespace concur
