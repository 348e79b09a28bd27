// Driven by the registries, never by a list kept here: every registered
// model runs every registered workload it claims to support (available
// here, supports() says yes) and gives the same verified answer as the
// speedup baseline; every plug-in's flags and libraries are well formed.
#include <CLI/CLI.hpp>
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <tuple>

#include "concur/registry.hpp"
#include "sanitizers.hpp"
#include "workloads/download/download_options.hpp"
#include "models/gil_options.hpp"

namespace concur {
namespace {

// --quick sizes, a fast image server, few images: every cell in well under
// a second, also under the sanitizers.
Options small_options() {
  Options options;
  options.quick = true;
  options.seed = 2024;
  options.plugins.get<DownloadOptions>().images = 4;
  options.plugins.get<DownloadOptions>().latency_ms = 1;
  return options;
}

using Cell = std::tuple<std::string, std::string>;  // workload, model

std::vector<Cell> every_cell() {
  std::vector<Cell> cells;
  for (const auto& w : workload_registry())
    for (const auto& m : model_registry()) cells.emplace_back(w.name, m.name);
  return cells;
}

class RegisteredModelOnWorkload : public ::testing::TestWithParam<Cell> {};

TEST_P(RegisteredModelOnWorkload, RunsWhatItClaimsAndVerifiesLikeTheBaseline) {
  const auto& [workload_name, model_name] = GetParam();
  const Options options = small_options();
  // mpi's ranks are the concur-bench binary itself (spawned or under
  // mpirun), not this test program: mpi_test.cpp runs it through the binary.
  if (model_name == "mpi") GTEST_SKIP() << "runs through the binary in mpi_test.cpp";
  auto model = find_model(model_name)->make(options);
  if (auto a = model->availability(); !a.ok) GTEST_SKIP() << "not available here: " << a.reason;
  if (testing::tsan_cannot_see(model->info()))
    GTEST_SKIP() << "its runtime library is not TSan-instrumented";
  auto workload = find_workload(workload_name)->make(options);
  if (auto s = model->supports(*workload); !s.ok) {
    EXPECT_FALSE(s.reason.empty()) << "n/a needs a reason";
    GTEST_SKIP() << "n/a: " << s.reason;
  }

  workload->before_run();
  model->prepare(*workload, 2);  // outside the timer, as the runner does (mpi's ranks, the pool)
  RunOutcome outcome = model->run(*workload, 2);
  ASSERT_EQ(outcome.error, "");
  Answer answer = workload->combine(outcome.results);
  EXPECT_EQ(answer.failed_tasks, 0u) << answer.first_error;
  EXPECT_TRUE(workload->verify(answer).ok) << workload->verify(answer).reason;

  auto baseline = find_model(speedup_baseline_model())->make(options);
  workload->before_run();
  Answer reference = workload->combine(baseline->run(*workload, 1).results);
  EXPECT_EQ(answer.value, reference.value);
  EXPECT_EQ(answer.items, reference.items);
}

INSTANTIATE_TEST_SUITE_P(Registry, RegisteredModelOnWorkload, ::testing::ValuesIn(every_cell()),
                         [](const auto& param_info) {
                           return std::get<1>(param_info.param) + "_on_" + std::get<0>(param_info.param);
                         });

TEST(Registry, ExactlyOneSpeedupBaselineAndItComesFirst) {
  int baselines = 0;
  for (const auto& entry : model_registry())
    if (entry.make(Options{})->info().speedup_baseline) ++baselines;
  EXPECT_EQ(baselines, 1);
  EXPECT_EQ(speedup_baseline_model(), model_registry().front().name);
  EXPECT_TRUE(find_model(speedup_baseline_model())->make(Options{})->info().single_worker);
}

TEST(Registry, NamesAreUniqueAndMatchWhatEachPluginSaysItIs) {
  std::set<std::string_view> names;
  for (const auto& entry : model_registry()) {
    EXPECT_TRUE(names.insert(entry.name).second) << entry.name;
    auto model = entry.make(Options{});
    EXPECT_EQ(model->info().name, entry.name);
    EXPECT_FALSE(model->info().description.empty()) << entry.name;
  }
  for (const auto& entry : workload_registry()) {
    EXPECT_TRUE(names.insert(entry.name).second) << entry.name;
    EXPECT_FALSE(entry.description.empty()) << entry.name;
    EXPECT_FALSE(group_name(entry.traits.bound).empty()) << entry.name;
  }
}

TEST(Registry, EveryPluginsFlagsFitOnOneCommandAndParse) {
  CLI::App command;
  Options options;
  for (const auto& entry : model_registry())
    if (auto t = traits_of(entry.describe); t.add_flags) t.add_flags(command, options);
  for (const auto& entry : workload_registry())
    if (auto t = traits_of(entry.describe); t.add_flags) t.add_flags(command, options);
  command.parse("--images 7 --switch-interval 0.5", false);
  EXPECT_EQ(options.plugins.get<DownloadOptions>().images, 7u);
  EXPECT_DOUBLE_EQ(options.plugins.get<GilOptions>().switch_interval_ms, 0.5);
  EXPECT_THROW(command.parse("--images 0", false), CLI::ValidationError);
}

TEST(Registry, LibrariesArePluginDeclaredEachOnceWithAVersion) {
  std::set<std::string> seen;
  for (const auto& library : plugin_libraries()) {
    EXPECT_TRUE(seen.insert(library.name).second) << library.name;
    EXPECT_FALSE(library.version.empty()) << library.name;
  }
  EXPECT_TRUE(seen.count("OpenMP"));   // the openmp model's
  EXPECT_TRUE(seen.count("libcurl"));  // the download workload's
}

}  // namespace
}  // namespace concur
