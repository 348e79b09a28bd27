// Each way a download can go wrong fails its image with the URL and the
// cause, fails the cell (exit 1), and leaves no file behind.
#include <gtest/gtest.h>

#include "concur/runner.hpp"
#include "download_support.hpp"

namespace concur {
namespace {

using testing::FaultServer;
using testing::Misbehaviour;

struct Case {
  std::string url;
  std::string cause;  // part of curl's (or our) error text
};

void expect_cell_fails(const Case& c, const std::string& model, unsigned retries = 0) {
  testing::ScopedTmpdir tmp;
  Plan plan;
  plan.workloads = {"download"};
  plan.models = {model};
  plan.sampling.fixed_repetitions = 1u;
  plan.options.url = c.url;
  plan.options.images = 2;
  plan.options.timeout_s = 0.3;
  plan.options.retries = retries;
  RunReport report = run_matrix(plan);
  ASSERT_EQ(report.cells.size(), 1u);
  const CellResult& cell = report.cells[0];
  EXPECT_EQ(cell.status, CellStatus::failed);
  EXPECT_EQ(report.exit_code(), 1);
  EXPECT_NE(cell.reason.find("GET " + c.url), std::string::npos) << cell.reason;
  EXPECT_NE(cell.reason.find(c.cause), std::string::npos) << cell.reason;
  EXPECT_TRUE(tmp.entries().empty()) << "left behind: " << tmp.entries().front();
}

class DownloadFaults : public ::testing::TestWithParam<std::string> {};

TEST_P(DownloadFaults, ConnectionRefused) {
  expect_cell_fails({"http://127.0.0.1:" + std::to_string(testing::closed_port()) + "/x.jpg",
                     "Couldn't connect"}, GetParam());
}

TEST_P(DownloadFaults, UnknownHost) {
  expect_cell_fails({"http://no-such-host.invalid/x.jpg", "resolve"}, GetParam());
}

TEST_P(DownloadFaults, Http404) {
  FaultServer server(Misbehaviour::status_404);
  expect_cell_fails({server.url(), "returned error: 404"}, GetParam());
}

TEST_P(DownloadFaults, Http500) {
  FaultServer server(Misbehaviour::status_500);
  expect_cell_fails({server.url(), "returned error: 500"}, GetParam());
}

TEST_P(DownloadFaults, TruncatedBody) {
  FaultServer server(Misbehaviour::truncated_body);
  expect_cell_fails({server.url(), "bytes remaining to read"}, GetParam());
}

TEST_P(DownloadFaults, StalledServer) {
  FaultServer server(Misbehaviour::stall);
  expect_cell_fails({server.url(), "timed out"}, GetParam());
}

TEST_P(DownloadFaults, BodyIsNotAJpeg) {
  FaultServer server(Misbehaviour::not_jpeg);
  expect_cell_fails({server.url(), "not a JPEG"}, GetParam());
}

INSTANTIATE_TEST_SUITE_P(Models, DownloadFaults, ::testing::Values("sequential", "async"));

TEST(DownloadRetries, ATransientFailureIsRetriedAfterBackoff) {
  for (const char* model : {"sequential", "async"}) {
    FaultServer server(Misbehaviour::flaky);  // the first request fails with 500
    testing::ScopedTmpdir tmp;
    Plan plan;
    plan.workloads = {"download"};
    plan.models = {model};
    plan.sampling.fixed_repetitions = 1u;
    plan.sampling.warmup_runs = 0;  // every request is counted
    plan.options.url = server.url();
    plan.options.images = 2;
    plan.options.retries = 1;
    RunReport report = run_matrix(plan);
    ASSERT_EQ(report.cells.size(), 1u);
    EXPECT_EQ(report.cells[0].status, CellStatus::ok) << model << ": " << report.cells[0].reason;
    EXPECT_EQ(server.requests(), 3) << model << ": two downloads and one retry";
  }
}

TEST(DownloadRetries, WithoutRetriesTheSameServerFails) {
  FaultServer server(Misbehaviour::flaky);
  expect_cell_fails({server.url(), "returned error: 500"}, "sequential");
}

}  // namespace
}  // namespace concur
