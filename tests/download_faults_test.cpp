// Each way a download can go wrong fails its image with the URL and the
// cause, fails the cell (exit 1), and leaves no file behind.
#include <gtest/gtest.h>

#include "concur/runner.hpp"
#include "download_support.hpp"
#include "workloads/download/download_options.hpp"

namespace concur {
namespace {

using testing::FaultServer;
using testing::Misbehaviour;

struct Case {
  std::string url;
  std::string cause;  // part of curl's (or our) error text
};

void expect_cell_fails(const Case& c, const std::string& model, unsigned retries = 0,
                       std::uint64_t max_bytes = 64ull << 20) {
  testing::ScopedTmpdir tmp;
  Plan plan;
  plan.workloads = {"download"};
  plan.models = {model};
  plan.sampling.fixed_repetitions = 1u;
  plan.options.plugins.get<DownloadOptions>().url = c.url;
  plan.options.plugins.get<DownloadOptions>().images = 2;
  plan.options.plugins.get<DownloadOptions>().timeout_s = 0.3;
  plan.options.plugins.get<DownloadOptions>().retries = retries;
  plan.options.plugins.get<DownloadOptions>().max_bytes = max_bytes;
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

// A 200 with an HTML page is not an image, whatever its Content-Type says.
TEST_P(DownloadFaults, HtmlPageWithStatus200IsNotAnImage) {
  FaultServer server(Misbehaviour::html_page);
  expect_cell_fails({server.url(), "not a JPEG"}, GetParam());
}

// FF D8 ... FF D9 around an HTML page: its header does not decode.
TEST_P(DownloadFaults, HtmlFramedAsAJpegDoesNotDecode) {
  FaultServer server(Misbehaviour::framed_html);
  expect_cell_fails({server.url(), "its header does not decode"}, GetParam());
}

// libcurl's own words are only "Out of memory": the cause is named.
TEST_P(DownloadFaults, AGiantHeaderLineIsNamed) {
  FaultServer server(Misbehaviour::giant_header);
  expect_cell_fails({server.url(), "header line over 100 KB"}, GetParam());
}

// Refused from the header alone: nothing is written to $TMPDIR.
TEST_P(DownloadFaults, ContentLengthAboveMaxSizeIsRefused) {
  FaultServer server(Misbehaviour::huge_length);
  expect_cell_fails({server.url(), "larger than --max-size"}, GetParam(), 0, 1 << 20);
}

// No Content-Length: the limit is checked on the stream itself.
TEST_P(DownloadFaults, EndlessBodyStopsAtMaxSize) {
  FaultServer server(Misbehaviour::endless);
  expect_cell_fails({server.url(), "larger than --max-size"}, GetParam(), 0, 1 << 20);
  // Both images hang up soon after the limit (socket buffers hold a few MB).
  EXPECT_LT(server.streamed(), 2 * ((1u << 20) + (16u << 20)));
}

INSTANTIATE_TEST_SUITE_P(Models, DownloadFaults, ::testing::Values("sequential", "async", "coroutines"));

TEST(DownloadRetries, ATransientFailureIsRetriedAfterBackoff) {
  for (const char* model : {"sequential", "async", "coroutines"}) {
    FaultServer server(Misbehaviour::flaky);  // the first request fails with 500
    testing::ScopedTmpdir tmp;
    Plan plan;
    plan.workloads = {"download"};
    plan.models = {model};
    plan.sampling.fixed_repetitions = 1u;
    plan.sampling.warmup_runs = 0;  // every request is counted
    plan.options.plugins.get<DownloadOptions>().url = server.url();
    plan.options.plugins.get<DownloadOptions>().images = 2;
    plan.options.plugins.get<DownloadOptions>().retries = 1;
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
