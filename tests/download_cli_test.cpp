// `concur-bench download` and `concur-bench serve` as a user runs them: exit
// codes, messages, Ctrl-C cleanup (exit 130, no temporary folder left).
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "download_support.hpp"
#include "run_binary.hpp"
#include "temp_dir.hpp"
#include "workloads/download/http_client.hpp"
#include "sanitizers.hpp"

namespace concur {
namespace {

using testing::run_binary;

TEST(DownloadCli, RunsEveryModelAndVerifies) {
  testing::ScopedTmpdir tmp;
  std::vector<std::string> env = testing::open_mpi_leak_environment();  // every model: mpi too
  env.push_back("TMPDIR=" + tmp.path());
  auto r = run_binary({"download", "--images", "3", "--latency", "5", "--repetitions", "1",
                       "--format", "csv", "--quiet"},
                      env);
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  for (const char* model : {"sequential", "threads", "processes", "async"})
    EXPECT_NE(r.out.find(std::string("download,") + model + ","), std::string::npos) << model << "\n" << r.out;
  EXPECT_TRUE(tmp.entries().empty());
}

TEST(DownloadCli, BadFlagsAreUsageErrors) {
  EXPECT_EQ(run_binary({"download", "--images", "0"}).exit_code, 2);
  auto r = run_binary({"download", "--url", "ftp://example.com/a.jpg", "--quiet"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--url"), std::string::npos) << r.err;
}

// Checked by libcurl's URL parser before any cell runs; a control character
// is shown escaped, never printed raw.
TEST(DownloadCli, AMalformedUrlIsAUsageErrorBeforeTheRun) {
  for (const auto& [url, what] : {std::pair{std::string("http://[::1]:x/a.jpg"), "Port number"},
                                  std::pair{std::string("http://127.0.0.1/a\r\nX-Injected: 1"), "\\x0D\\x0A"},
                                  std::pair{std::string("http://a b/c.jpg"), "--url"},
                                  std::pair{std::string("http:///jpeg"), "no host name"},
                                  std::pair{std::string("http://"), "--url"}}) {
    auto r = run_binary({"download", "--url", url, "--models", "sequential", "--quiet"});
    EXPECT_EQ(r.exit_code, 2) << url << ": " << r.err;
    EXPECT_NE(r.err.find(what), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find('\r'), std::string::npos) << "raw CR printed";
    EXPECT_TRUE(r.out.empty()) << r.out;
  }
}

// Repetitions overwrite their own images, but a file already in the folder
// is refused, untouched.
TEST(DownloadCli, KeepIntoAFolderHoldingAnImageIsRefused) {
  testing::ScopedTmpdir tmp;
  const std::string existing = tmp.path() + "/image-002.jpg";
  std::ofstream(existing) << "mine";
  auto r = run_binary({"download", "--keep", tmp.path(), "--images", "3", "--latency", "0",
                       "--models", "sequential", "--repetitions", "1", "--quiet"});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("already holds " + existing), std::string::npos) << r.err;
  std::ifstream in(existing);
  std::string content;
  in >> content;
  EXPECT_EQ(content, "mine");
  EXPECT_EQ(tmp.entries().size(), 1u) << "left behind: " << tmp.entries().back();
}

// Two runs into one --keep folder: the second is refused (exit 2) while the
// first holds it, whether it is still empty or not; once the first ends,
// the folder is free again (here: a new empty one, the same lock).
TEST(DownloadCli, TwoRunsIntoOneKeepFolderTheSecondIsRefused) {
  testing::TempDir folder("concur-keep");
  ASSERT_FALSE(folder.path().empty());
  const std::vector<std::string> run = {"download", "--keep", folder.path(), "--images", "2", "--latency", "0",
                                        "--models", "sequential", "--repetitions", "1", "--quiet"};
  {
    // Another run's lock, taken as the binary takes it.
    const int held = ::open(folder.path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    ASSERT_GE(held, 0);
    ASSERT_EQ(::flock(held, LOCK_EX | LOCK_NB), 0);
    const auto refused = run_binary(run);
    ::close(held);
    EXPECT_EQ(refused.exit_code, 2) << refused.err;
    EXPECT_NE(refused.err.find("another concur-bench run is keeping its images there"), std::string::npos)
        << refused.err;
    EXPECT_TRUE(std::filesystem::is_empty(folder.path()));
  }
  // A real first run, slow (2 s a download), holds the lock while it runs.
  std::vector<std::string> slow = run;
  slow[6] = "2000";
  testing::RunningBinary first(slow, {});
  bool held_by_first = false;
  for (int i = 0; i < 500 && !held_by_first; ++i) {
    const int probe = ::open(folder.path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    held_by_first = ::flock(probe, LOCK_EX | LOCK_NB) != 0;
    ::close(probe);
    if (!held_by_first) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ASSERT_TRUE(held_by_first) << "the first run never locked " << folder.path();
  const auto second = run_binary(run);
  EXPECT_EQ(second.exit_code, 2) << second.err;
  const auto done = first.finish();
  EXPECT_EQ(done.exit_code, 0) << done.err;
  EXPECT_TRUE(std::filesystem::exists(folder.file("image-001.jpg")));
  // The lock went with the first run: with its images moved away, a third
  // run into the folder goes ahead.
  for (const char* name : {"image-001.jpg", "image-002.jpg"}) std::filesystem::remove(folder.file(name));
  const auto third = run_binary(run);
  EXPECT_EQ(third.exit_code, 0) << third.err;
}

// A --keep folder that cannot be written is bad usage before the run, not a
// failed cell at its first image. Checked as nobody: root writes anywhere.
TEST(DownloadCli, KeepIntoAFolderThatCannotBeWrittenIsRefusedFirst) {
  testing::TempDir folder("concur-keep");
  ASSERT_FALSE(folder.path().empty());
  const std::string locked = folder.file("locked");
  ASSERT_EQ(::mkdir(locked.c_str(), 0555), 0);
  ASSERT_EQ(::chmod(folder.path().c_str(), 0755), 0);
  testing::Launch nobody;
  if (::getuid() == 0) {
    if (!testing::user_can_run_binary(65534)) GTEST_SKIP() << "the user nobody cannot reach " << CONCUR_BINARY;
    nobody.as_user = 65534;
  }
  testing::RunningBinary run({"download", "--keep", locked, "--images", "2", "--latency", "0", "--models",
                              "sequential", "--repetitions", "1", "--quiet"},
                             nobody);
  const auto r = run.finish();
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("--keep '" + locked + "': cannot write there: Permission denied"), std::string::npos)
      << r.err;
  EXPECT_TRUE(std::filesystem::is_empty(locked));
  // The other side: the same folder, writable, keeps the images.
  ASSERT_EQ(::chmod(locked.c_str(), 0777), 0);
  testing::RunningBinary allowed({"download", "--keep", locked, "--images", "2", "--latency", "0", "--models",
                                  "sequential", "--repetitions", "1", "--quiet"},
                                 nobody);
  const auto kept = allowed.finish();
  EXPECT_EQ(kept.exit_code, 0) << kept.err;
  EXPECT_TRUE(std::filesystem::exists(locked + "/image-002.jpg"));
}

TEST(DownloadCli, AFailedDownloadNamesTheUrlAndExits1) {
  const std::string url = "http://127.0.0.1:" + std::to_string(testing::closed_port()) + "/a.jpg";
  auto r = run_binary({"download", "--url", url, "--images", "2", "--models", "sequential",
                       "--repetitions", "1", "--quiet"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE((r.out + r.err).find(url), std::string::npos) << r.out << r.err;
}

// A password in --url reaches no error, table, or saved report in any format.
TEST(DownloadCli, APasswordInTheUrlIsRedactedEverywhere) {
  testing::ScopedTmpdir tmp;
  const std::string url = "http://ann:s3cr3t@127.0.0.1:" + std::to_string(testing::closed_port()) + "/a.jpg";
  for (const char* format : {"table", "json", "csv", "markdown"}) {
    const std::string saved = tmp.path() + "/run." + format;
    auto r = run_binary({"download", "--url", url, "--images", "1", "--models", "sequential", "--repetitions", "1",
                         "--retries", "0", "--quiet", "--format", format, "--output", saved});
    EXPECT_EQ(r.exit_code, 1) << r.err;
    std::ifstream in(saved);
    std::stringstream content;
    content << in.rdbuf();
    const std::string file = content.str();
    for (const std::string& shown : {r.out, r.err, file}) EXPECT_EQ(shown.find("s3cr3t"), std::string::npos) << shown;
    // JSON and Markdown carry the command line, and with it the URL.
    if (std::string_view(format) == "json" || std::string_view(format) == "markdown") {
      EXPECT_NE(file.find("ann:***@127.0.0.1"), std::string::npos) << format << ": " << file;
    }
  }
  // Refused at once, the password is hidden in the usage error too.
  auto bad = run_binary({"download", "--url", "http://ann:s3cr3t@127.0.0.1:x/a.jpg", "--quiet"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_EQ(bad.err.find("s3cr3t"), std::string::npos) << bad.err;
}

TEST(DownloadCli, CtrlCExits130AndRemovesTheTemporaryFolder) {
  testing::ScopedTmpdir tmp;
  testing::RunningBinary run({"download", "--images", "3", "--latency", "30000", "--models", "threads",
                              "--repetitions", "1"},
                             {/*env=*/{"TMPDIR=" + tmp.path()}, /*max_open_files=*/std::nullopt, /*discard_output=*/true});
  ASSERT_TRUE(run.started());
  // Wait until the downloads are under way: their folder exists (bodies
  // wait in memory, so no partial file yet), and the requests are sent.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  bool started = false;
  while (!started && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    started = !tmp.entries().empty();
  }
  ASSERT_TRUE(started) << "no download started";  // ~RunningBinary stops the run: no orphan
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  const auto signalled = std::chrono::steady_clock::now();
  run.signal(SIGINT);
  const int exit_code = run.finish().exit_code;
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - signalled).count();
  EXPECT_EQ(exit_code, 130);
  EXPECT_LT(seconds, 10.0) << "the transfers waited for the server instead of stopping";
  EXPECT_TRUE(tmp.entries().empty()) << "left behind: " << tmp.entries().front();
}

std::string bytes_of(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// N different images from a real server, as the course did: a numbered
// pattern, and a list (here on standard input) that cycles. Against the
// binary's own `serve` in a process of its own, which picks the image by ?i=.
TEST(DownloadCli, APatternAndAListFetchDifferentImagesFromAServer) {
  testing::RunningBinary server({"serve", "--latency", "0"}, {});
  const std::string base = server.read_line();
  ASSERT_TRUE(base.starts_with("http://127.0.0.1:")) << base;
  testing::TempDir by_pattern("concur-pattern");
  const auto patterned = run_binary({"download", "--url", base + "?i={i}", "--images", "3", "--models", "sequential",
                                     "--repetitions", "1", "--quiet", "--keep", by_pattern.path()});
  ASSERT_EQ(patterned.exit_code, 0) << patterned.err << patterned.out;
  EXPECT_NE(bytes_of(by_pattern.file("image-001.jpg")), bytes_of(by_pattern.file("image-002.jpg")));
  EXPECT_NE(bytes_of(by_pattern.file("image-002.jpg")), bytes_of(by_pattern.file("image-003.jpg")));
  // Two lines for four images: 1, 2, 1, 2.
  testing::TempDir lists("concur-list");
  const std::string list = lists.file("urls.txt");
  std::ofstream(list) << "# two of the server's images\n" << base << "?i=1\n\n" << base << "?i=2\n";
  testing::TempDir by_list("concur-listed");
  testing::Launch from_stdin;
  from_stdin.stdin_from = list;
  const auto listed = testing::RunningBinary({"download", "--urls", "-", "--images", "4", "--models", "sequential,threads",
                                              "--repetitions", "1", "--quiet", "--keep", by_list.path()},
                                             from_stdin)
                          .finish();
  ASSERT_EQ(listed.exit_code, 0) << listed.err << listed.out;
  EXPECT_EQ(bytes_of(by_list.file("image-001.jpg")), bytes_of(by_list.file("image-003.jpg")));
  EXPECT_EQ(bytes_of(by_list.file("image-002.jpg")), bytes_of(by_list.file("image-004.jpg")));
  EXPECT_NE(bytes_of(by_list.file("image-001.jpg")), bytes_of(by_list.file("image-002.jpg")));
  EXPECT_EQ(bytes_of(by_list.file("image-002.jpg")), bytes_of(by_pattern.file("image-002.jpg")));
}

// Any other HTTP server: Python's http.server over a folder of JPEGs. Every
// image it has verifies; one it lacks (404) fails the run, naming it.
TEST(DownloadCli, APatternAgainstPythonsHttpServer) {
  if (std::string(CONCUR_PYTHON3).empty()) GTEST_SKIP() << "no Python 3 interpreter";
  testing::TempDir folder("concur-http-server");
  for (const char* name : {"img-001.jpg", "img-002.jpg"})
    std::ofstream(folder.file(name), std::ios::binary) << testing::FaultServer::tiny_jpeg();
  testing::Launch python;
  python.program = CONCUR_PYTHON3;
  testing::RunningBinary server({"-u", "-m", "http.server", "0", "--bind", "127.0.0.1", "--directory", folder.path()},
                                python);
  // "Serving HTTP on 127.0.0.1 port 38857 (http://127.0.0.1:38857/) ..."
  const std::string banner = server.read_line();
  const std::size_t at = banner.find("(http://");
  ASSERT_NE(at, std::string::npos) << banner;
  const std::string root = banner.substr(at + 1, banner.find(')', at) - at - 1);
  const std::vector<std::string> run = {"download", "--url", root + "img-{i:03}.jpg", "--models", "sequential,async",
                                        "--repetitions", "1", "--quiet", "--images"};
  auto both = run;
  both.push_back("2");
  const auto found = run_binary(both);
  EXPECT_EQ(found.exit_code, 0) << found.err << found.out;
  auto three = run;
  three.push_back("3");
  const auto missing = run_binary(three);
  EXPECT_EQ(missing.exit_code, 1) << missing.err;
  EXPECT_NE(missing.out.find("img-003.jpg"), std::string::npos) << missing.out;
  EXPECT_NE(missing.out.find("404"), std::string::npos) << missing.out;
}

// The list is checked line by line before anything runs, and --url and
// --urls together are refused: exit 2, nothing on standard output.
TEST(DownloadCli, ABadLineOfTheListIsRefusedBeforeTheRun) {
  testing::TempDir lists("concur-list");
  const std::string list = lists.file("urls.txt");
  std::ofstream(list) << "http://127.0.0.1:1/a.jpg\nhttp://127.0.0.1:1/b c.jpg\n";
  const auto bad = run_binary({"download", "--urls", list, "--images", "2", "--quiet"});
  EXPECT_EQ(bad.exit_code, 2) << bad.err;
  EXPECT_NE(bad.err.find("--urls " + list + " line 2 'http://127.0.0.1:1/b c.jpg'"), std::string::npos) << bad.err;
  EXPECT_TRUE(bad.out.empty()) << bad.out;
  const std::string good = lists.file("good.txt");
  std::ofstream(good) << "http://127.0.0.1:1/a.jpg\n";
  const auto both = run_binary({"download", "--urls", good, "--url", "http://127.0.0.1:1/a.jpg", "--quiet"});
  EXPECT_EQ(both.exit_code, 2) << both.err;
  EXPECT_NE(both.err.find("--url and --urls: give one of them"), std::string::npos) << both.err;
  const auto placeholder = run_binary({"download", "--url", "http://127.0.0.1:1/{n}.jpg", "--quiet"});
  EXPECT_EQ(placeholder.exit_code, 2) << placeholder.err;
  EXPECT_NE(placeholder.err.find("'{n}' is no placeholder"), std::string::npos) << placeholder.err;
}

TEST(DownloadCli, TooFewDescriptorsIsAClearErrorNotAHang) {
  if (testing::running_under_asan() || testing::running_under_tsan())
    GTEST_SKIP() << "under sanitizers: UBSan needs descriptors of its own at the limit, and "
                    "TSan's slowness changes which side (client or in-process server) runs out";
  // The server in a process of its own, with descriptors to spare: the
  // in-process one, at the same limit, may run out first, and then the
  // client only sees a refused connection.
  testing::RunningBinary server({"serve", "--latency", "0"}, {});
  const std::string url = server.read_line();
  ASSERT_TRUE(url.starts_with("http://127.0.0.1:")) << url;
  testing::RunningBinary run({"download", "--images", "300", "--models", "async,threads", "--latency", "5",
                              "--timeout", "5", "--repetitions", "1", "--quiet", "--url", url},
                             {/*env=*/{}, /*max_open_files=*/150, /*discard_output=*/false});  // the binary cannot raise it
  const auto r = run.finish();
  const std::string& out = r.out;
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(out.find("need about"), std::string::npos) << "async checks before it starts\n" << out;
  EXPECT_NE(out.find("the limit is 150"), std::string::npos) << out;
  const bool threads_explained = out.find("out of file descriptors") != std::string::npos ||
                                 out.find("Too many open files") != std::string::npos;
  EXPECT_TRUE(threads_explained) << out;
}

TEST(ServeCli, PrintsItsUrlServesAndStopsOnCtrlC) {
  download::init_curl_once();
  testing::RunningBinary run({"serve", "--latency", "0"}, {});
  const std::string first_line = run.read_line();
  ASSERT_TRUE(first_line.starts_with("http://127.0.0.1:")) << first_line;
  auto reply = testing::http_get(first_line);
  EXPECT_EQ(reply.status, 200);
  EXPECT_EQ(reply.content_type, "image/jpeg");
  run.signal(SIGINT);
  const auto r = run.finish();
  EXPECT_EQ(r.exit_code, 0) << "a signal is 128 + its number: " << r.err;
}

// "http://127.0.0.1:PORT/..." -> PORT
std::uint16_t port_of(const std::string& url) {
  const auto colon = url.find(':', 7);
  return static_cast<std::uint16_t>(std::stoi(url.substr(colon + 1)));
}

// The round's repro: `serve` under `ulimit -n 128` and 200 idle sockets
// (one address, within its share); a real client is still answered at once,
// because each new connection sheds the oldest idle one.
TEST(ServeCli, IdleSocketsDoNotLockOutAClientWhenDescriptorsRunLow) {
  download::init_curl_once();
  testing::RunningBinary run({"serve", "--latency", "0", "--max-per-client", "0"},
                             {/*env=*/{}, /*max_open_files=*/128, /*discard_output=*/false});
  const std::string url = run.read_line();
  ASSERT_TRUE(url.starts_with("http://127.0.0.1:")) << url;
  std::vector<int> idle;
  for (int i = 0; i < 200; ++i)
    if (const int fd = testing::connect_to_loopback(port_of(url)); fd >= 0) idle.push_back(fd);
  const auto asked = std::chrono::steady_clock::now();
  const auto reply = testing::http_get(url);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - asked).count();
  EXPECT_EQ(reply.status, 200);
  EXPECT_LT(seconds, 5.0) << "the client waited behind idle connections";
  for (int fd : idle) ::close(fd);
  run.signal(SIGINT);
  const auto r = run.finish();
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.find(" 0 for descriptors"), std::string::npos) << "nothing was shed:\n" << r.out;
}

// localhost is loopback, as curl takes it; another name would need a lookup,
// so it is bad usage at once.
TEST(ServeCli, BindsLocalhostAndRefusesOtherNames) {
  download::init_curl_once();
  testing::RunningBinary run({"serve", "--latency", "0", "--bind", "localhost"}, {});
  const std::string url = run.read_line();
  ASSERT_TRUE(url.starts_with("http://127.0.0.1:")) << url;
  EXPECT_EQ(testing::http_get(url).status, 200);
  run.signal(SIGINT);
  EXPECT_EQ(run.finish().exit_code, 0);
  const auto named = run_binary({"serve", "--bind", "images.example"});
  EXPECT_EQ(named.exit_code, 2) << named.err;
  EXPECT_NE(named.err.find("--bind 'images.example': give a numeric address"), std::string::npos) << named.err;
}

// `--idle-timeout` closes an idle connection, and the summary at Ctrl-C says so;
// a bad value is a usage error.
TEST(ServeCli, IdleTimeoutClosesIdleConnectionsAndSaysSoAtTheEnd) {
  EXPECT_EQ(run_binary({"serve", "--idle-timeout", "-1"}).exit_code, 2);
  EXPECT_EQ(run_binary({"serve", "--max-per-client", "x"}).exit_code, 2);
  testing::RunningBinary run({"serve", "--latency", "0", "--idle-timeout", "0.2"}, {});
  const std::string url = run.read_line();
  ASSERT_TRUE(url.starts_with("http://127.0.0.1:")) << url;
  const int fd = testing::connect_to_loopback(port_of(url));
  ASSERT_GE(fd, 0);
  pollfd p{fd, POLLIN, 0};
  char byte = 0;
  EXPECT_TRUE(::poll(&p, 1, 5000) > 0 && ::recv(fd, &byte, 1, 0) == 0) << "still open after 5 s";
  ::close(fd);
  run.signal(SIGINT);
  const auto r = run.finish();
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("connections closed: 1 idle"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace concur
