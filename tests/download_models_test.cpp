// Every model downloads the same images from the embedded server and gets
// the same verified checksum; files land only where they should.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "concur/errors.hpp"
#include "concur/registry.hpp"
#include "concur/runner.hpp"
#include "download_support.hpp"
#include "workloads/download/download_dir.hpp"
#include "workloads/download/download_options.hpp"

namespace concur {
namespace {

Plan download_plan(std::vector<std::string> models, unsigned images) {
  Plan plan;
  plan.workloads = {"download"};
  plan.models = std::move(models);
  plan.sampling.fixed_repetitions = 1u;
  plan.options.plugins.get<DownloadOptions>().images = images;
  plan.options.plugins.get<DownloadOptions>().latency_ms = 5;
  plan.options.plugins.get<DownloadOptions>().timeout_s = 10;
  return plan;
}

// Every registered model that is usable in this build and supports the
// download workload: a new model joins the test by its registry line.
// Except mpi: its ranks are this executable started again with
// --mpi-spawned-worker (/proc/self/exe), which only concur-bench answers, not
// this test binary; MpiModel.DownloadVerifiesAndLeavesNoTemporaryFiles runs
// it through the binary.
std::vector<std::string> downloading_models() {
  const Options options;
  const auto download = find_workload("download")->make(options);
  std::vector<std::string> names;
  for (const ModelEntry& entry : model_registry()) {
    const auto model = entry.make(options);
    if (entry.name != "mpi" && model->availability().ok && model->supports(*download).ok)
      names.emplace_back(entry.name);
  }
  return names;
}

TEST(DownloadModels, EveryModelVerifiesTheSameGoldChecksum) {
  testing::ScopedTmpdir tmp;
  const std::vector<std::string> models = downloading_models();
  ASSERT_GE(models.size(), 2u) << "the baseline and at least one concurrent model";
  RunReport report = run_matrix(download_plan(models, 6));
  ASSERT_EQ(report.cells.size(), models.size());
  for (const CellResult& cell : report.cells) {
    EXPECT_EQ(cell.status, CellStatus::ok) << cell.model << ": " << cell.reason;
    EXPECT_TRUE(cell.verified) << cell.model;
    const bool single = find_model(cell.model)->make({})->info().single_worker;
    EXPECT_EQ(cell.workers, single ? 1u : 6u) << cell.model << ": one worker per image";
  }
  EXPECT_EQ(report.exit_code(), 0);
  EXPECT_TRUE(tmp.entries().empty()) << "left behind: " << tmp.entries().front();
}

// The gold checksum is what makes "verified" mean something: an answer off
// by one byte or one image's worth of checksum must fail.
TEST(DownloadModels, VerifyRejectsAWrongChecksumOrByteCount) {
  testing::ScopedTmpdir tmp;
  Options options;
  options.plugins.get<DownloadOptions>().images = 3;
  options.plugins.get<DownloadOptions>().latency_ms = 0;
  auto workload = find_workload("download")->make(options);
  workload->before_run();
  RunOutcome outcome = find_model("sequential")->make(options)->run(*workload, 1);
  ASSERT_TRUE(outcome.error.empty()) << outcome.error;
  const Answer answer = workload->combine(outcome.results);
  ASSERT_TRUE(workload->verify(answer).ok) << workload->verify(answer).reason;
  Answer wrong_checksum = answer;
  wrong_checksum.value ^= 1;
  EXPECT_FALSE(workload->verify(wrong_checksum).ok);
  Answer missing_bytes = answer;
  missing_bytes.items -= 1;
  EXPECT_FALSE(workload->verify(missing_bytes).ok);
}

TEST(DownloadModels, AsyncWithFewerTransfersThanImages) {
  testing::ScopedTmpdir tmp;
  Plan plan = download_plan({"async", "coroutines"}, 7);
  plan.workers = {1, 3};
  RunReport report = run_matrix(plan);
  for (const CellResult& cell : report.cells) EXPECT_EQ(cell.status, CellStatus::ok) << cell.reason;
}

TEST(DownloadModels, AsyncIsNotApplicableToMath) {
  Plan plan;
  plan.workloads = {"primes"};
  plan.models = {"async"};
  plan.options.size = 1000;
  RunReport report = run_matrix(plan);
  ASSERT_EQ(report.cells.size(), 1u);
  EXPECT_EQ(report.cells[0].status, CellStatus::not_applicable);
  EXPECT_EQ(report.cells[0].reason, "needs non-blocking I/O: only download offers it");
}

TEST(DownloadModels, KeepPutsVerifiedJpegsInTheFolderAndNothingElse) {
  testing::ScopedTmpdir tmp;
  const auto keep = std::filesystem::path(tmp.path()) / "kept";
  std::filesystem::create_directory(keep);
  Plan plan = download_plan({"processes", "async"}, 4);
  plan.options.plugins.get<DownloadOptions>().keep_dir = keep.string();
  RunReport report = run_matrix(plan);
  for (const CellResult& cell : report.cells) ASSERT_EQ(cell.status, CellStatus::ok) << cell.reason;
  std::vector<std::string> names;
  for (const auto& e : std::filesystem::directory_iterator(keep)) names.push_back(e.path().filename());
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names, (std::vector<std::string>{"image-001.jpg", "image-002.jpg", "image-003.jpg",
                                             "image-004.jpg"}));
  std::string bytes(std::filesystem::file_size(keep / "image-004.jpg"), '\0');
  std::ifstream(keep / "image-004.jpg", std::ios::binary).read(bytes.data(), static_cast<long>(bytes.size()));
  ASSERT_GE(bytes.size(), 4u);
  EXPECT_EQ(bytes.substr(0, 2), "\xFF\xD8");
  EXPECT_EQ(bytes.substr(bytes.size() - 2), "\xFF\xD9");
  EXPECT_EQ(tmp.entries().size(), 1u + names.size()) << "only the kept folder and its images remain";
}

TEST(DownloadModels, RejectsBadOptionsAsUsageErrors) {
  Options bad_url;
  bad_url.plugins.get<DownloadOptions>().url = "ftp://example.com/x.jpg";
  EXPECT_THROW(find_workload("download")->make(bad_url), UsageError);
  Options bad_keep;
  bad_keep.plugins.get<DownloadOptions>().keep_dir = "/no/such/folder";
  EXPECT_THROW(find_workload("download")->make(bad_keep), UsageError);
}

}  // namespace
}  // namespace concur
