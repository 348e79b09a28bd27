// --output, --plot, --png and `course --output` never clobber what is not a
// plain file of ours: a FIFO or device is written through, an existing file
// keeps its mode, anything else is refused with exit 2, and a temporary file
// left by a killed run is cleaned up by the next.
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "core/atomic_file.hpp"
#include "download_support.hpp"
#include "run_binary.hpp"
#include "temp_dir.hpp"

namespace concur {
namespace {

namespace fs = std::filesystem;
using testing::run_binary;

const std::vector<std::string> kQuickCsv = {"math",   "--quick",  "--workloads", "pi",
                                            "--models", "sequential", "--format", "csv"};

std::vector<std::string> with(std::vector<std::string> args, std::vector<std::string> more) {
  args.insert(args.end(), more.begin(), more.end());
  return args;
}

std::string read_all(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

mode_t mode_of(const fs::path& path) {
  struct stat s {};
  ::lstat(path.c_str(), &s);
  return s.st_mode;
}

TEST(OutputFile, AnExistingFileKeepsItsMode) {
  testing::ScopedTmpdir dir;
  const fs::path file = fs::path(dir.path()) / "private.csv";
  std::ofstream(file) << "old\n";
  ::chmod(file.c_str(), 0600);
  auto r = run_binary(with(kQuickCsv, {"--output", file.string()}));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(mode_of(file) & 07777, 0600u);
  EXPECT_EQ(read_all(file).rfind("workload,model", 0), 0u);
}

TEST(OutputFile, AFifoIsWrittenThroughNotReplaced) {
  testing::ScopedTmpdir dir;
  const fs::path fifo = fs::path(dir.path()) / "pipe";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  std::string received;
  std::thread reader([&] { received = read_all(fifo); });
  auto r = run_binary(with(kQuickCsv, {"--output", fifo.string()}));
  reader.join();
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(S_ISFIFO(mode_of(fifo))) << "the FIFO was replaced";
  EXPECT_EQ(received.rfind("workload,model", 0), 0u) << received;
  EXPECT_EQ(std::distance(fs::directory_iterator(dir.path()), {}), 1) << "a temporary file was left";
}

// Ctrl-C while the results wait for a FIFO's reader: 130, as at any other
// moment, not a write error (1), and nothing left beside the FIFO.
TEST(OutputFile, CtrlCWhileAFifoHasNoReaderExits130) {
  testing::ScopedTmpdir dir;
  const fs::path fifo = fs::path(dir.path()) / "pipe";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  testing::RunningBinary run(with(kQuickCsv, {"--output", fifo.string()}), {});
  ASSERT_TRUE(testing::wait_until_blocked_in_open(run.pid(), std::chrono::seconds(120)));
  run.signal(SIGINT);
  const auto r = run.finish();
  EXPECT_EQ(r.exit_code, 130) << r.err;
  EXPECT_EQ(std::distance(fs::directory_iterator(dir.path()), {}), 1) << "a temporary file was left";
}

// A character device, as a test may safely use one: /dev/stdout is our pipe.
TEST(OutputFile, StandardOutputIsWrittenThrough) {
  auto dash = run_binary(with(kQuickCsv, {"--output", "-"}));
  ASSERT_EQ(dash.exit_code, 0) << dash.err;
  EXPECT_EQ(dash.out.rfind("workload,model", 0), 0u) << "only the format, no table: " << dash.out;
  auto plot = run_binary(with(kQuickCsv, {"--plot", "/dev/stdout"}));
  ASSERT_EQ(plot.exit_code, 0) << plot.err;
  EXPECT_NE(plot.out.find("<svg"), std::string::npos);
}

TEST(OutputFile, ASymbolicLinkStaysALinkToTheNewContent) {
  testing::ScopedTmpdir dir;
  const fs::path target = fs::path(dir.path()) / "target.csv";
  const fs::path link = fs::path(dir.path()) / "link.csv";
  std::ofstream(target) << "old\n";
  fs::create_symlink(target, link);
  auto r = run_binary(with(kQuickCsv, {"--output", link.string()}));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(fs::is_symlink(link));
  EXPECT_EQ(read_all(target).rfind("workload,model", 0), 0u);
}

TEST(OutputFile, ASocketOrAFolderIsRefusedBeforeTheRun) {
  testing::ScopedTmpdir dir;
  const fs::path socket_path = fs::path(dir.path()) / "sock";
  const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  std::snprintf(address.sun_path, sizeof address.sun_path, "%s", socket_path.c_str());
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  std::vector<std::vector<std::string>> runs = {
      with(kQuickCsv, {"--output", socket_path.string()}),
      with(kQuickCsv, {"--plot", socket_path.string()}),
      {"math", "--quick", "--workloads", "mandelbrot", "--models", "sequential", "--png",
       socket_path.string()}};
  for (const auto& args : runs) {
    auto r = run_binary(args);
    EXPECT_EQ(r.exit_code, 2) << args[args.size() - 2] << ": " << r.err;
    EXPECT_NE(r.err.find("is a socket"), std::string::npos) << r.err;
    EXPECT_TRUE(S_ISSOCK(mode_of(socket_path)));
  }
  auto course = run_binary({"course", "--quick", "--output", socket_path.string()});
  EXPECT_EQ(course.exit_code, 2) << course.err;
  auto folder = run_binary(with(kQuickCsv, {"--output", dir.path()}));
  EXPECT_EQ(folder.exit_code, 2) << folder.err;
  EXPECT_NE(folder.err.find("is a folder"), std::string::npos) << folder.err;
  ::close(fd);
}

// A run killed with SIGKILL while writing leaves ".NAME.concur-tmp.PID.*";
// the next write to NAME removes it once PID is gone (a live one is kept).
// A file that cannot be written (a disk that fills, here a file-size limit)
// costs only itself: the table and the grid still reach the terminal, the
// other file is still tried, and nothing half-written is left. Exit 1.
TEST(OutputFile, AFileThatCannotBeWrittenCostsNeitherTheTableNorTheOtherFile) {
  testing::TempDir dir("concur-full");
  const std::vector<std::string> run = {"math", "--quick", "--workloads", "pi", "--models", "sequential,threads",
                                        "--workers", "1,2"};
  testing::Launch small;
  small.max_file_size = 200;  // the JSON and the SVG are both larger
  const auto both = testing::RunningBinary(with(run, {"--format", "json", "--output", dir.file("out.json"),
                                                       "--plot", dir.file("plot.svg")}),
                                            small)
                        .finish();
  EXPECT_EQ(both.exit_code, 1) << both.err;
  EXPECT_NE(both.out.find("pi"), std::string::npos) << both.out;
  EXPECT_NE(both.out.find("threads"), std::string::npos) << both.out;
  EXPECT_NE(both.err.find("out.json"), std::string::npos) << both.err;
  EXPECT_NE(both.err.find("plot.svg"), std::string::npos) << both.err;  // tried too
  EXPECT_NE(both.err.find("File too large"), std::string::npos) << both.err;
  EXPECT_TRUE(dir.entries().empty()) << "no half-written file, no temporary left";
  // The same run with room: both files, exit 0 (the other side of the rule).
  const auto room = run_binary(with(run, {"--format", "json", "--output", dir.file("out.json"), "--plot",
                                          dir.file("plot.svg")}));
  EXPECT_EQ(room.exit_code, 0) << room.err;
  EXPECT_TRUE(fs::exists(dir.file("out.json")));
  EXPECT_TRUE(fs::exists(dir.file("plot.svg")));
  // `--plot -`: the picture on standard output even when --output fails.
  fs::remove(dir.file("out.json"));
  const auto picture =
      testing::RunningBinary(with(run, {"--output", dir.file("out.csv"), "--format", "csv", "--plot", "-"}), small)
          .finish();
  EXPECT_EQ(picture.exit_code, 1) << picture.err;
  EXPECT_TRUE(picture.out.starts_with("<?xml") || picture.out.starts_with("<svg"))
      << picture.out.substr(0, 80);
  EXPECT_FALSE(fs::exists(dir.file("out.csv")));
}

TEST(OutputFile, ATemporaryFileOfADeadRunIsRemovedByTheNext) {
  testing::ScopedTmpdir dir;
  const fs::path file = fs::path(dir.path()) / "out.json";
  const pid_t dead = fork();
  if (dead == 0) _exit(0);
  waitpid(dead, nullptr, 0);
  const std::string prefix = temporary_prefix_for(file.string());
  const fs::path stale = prefix + std::to_string(dead) + ".Ab12Cd";
  const fs::path alive = prefix + std::to_string(getpid()) + ".Ef34Gh";
  std::ofstream(stale) << "{";
  std::ofstream(alive) << "{";
  EXPECT_NE(stale.filename().string().find(".concur-tmp."), std::string::npos);
  write_file_atomically(file.string(), "{}\n");
  EXPECT_FALSE(fs::exists(stale));
  EXPECT_TRUE(fs::exists(alive)) << "a live process's temporary file was removed";
  EXPECT_EQ(read_all(file), "{}\n");
}

}  // namespace
}  // namespace concur
