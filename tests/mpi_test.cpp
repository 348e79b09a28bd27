// The mpi model for real: worker ranks spawned by the binary, the binary
// under `mpirun` with a localhost hostfile, and the faults (a killed rank,
// Ctrl-C, bad hostfiles). Every test checks that no rank outlives the run.
#include <gtest/gtest.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "download_support.hpp"
#include "run_binary.hpp"
#include "sanitizers.hpp"
#include "temp_dir.hpp"

namespace concur {
namespace {

using namespace std::chrono_literals;
using testing::lines_of;
using testing::run_binary;
using testing::run_launcher;

#if defined(CONCUR_HAVE_MPI)

// A /proc file's bytes (environ and cmdline hold NULs).
std::string read_proc_file(const std::string& path) {
  std::string text;
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return text;
  char buffer[4096];
  for (ssize_t n; (n = ::read(fd, buffer, sizeof buffer)) > 0;)
    text.append(buffer, static_cast<std::size_t>(n));
  ::close(fd);
  return text;
}

// Every process carrying `marker` in its environment (the ranks inherit it).
std::vector<pid_t> processes_marked(const std::string& marker) {
  std::vector<pid_t> found;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator("/proc", error)) {
    const std::string name = entry.path().filename();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    const std::string stat = read_proc_file(entry.path() / "stat");
    const bool zombie = stat.find(") Z") != std::string::npos;
    if (!zombie && read_proc_file(entry.path() / "environ").find(marker) != std::string::npos)
      found.push_back(std::stoi(name));
  }
  return found;
}

std::vector<pid_t> worker_ranks_marked(const std::string& marker) {
  std::vector<pid_t> ranks;
  for (pid_t pid : processes_marked(marker)) {
    const std::string args = read_proc_file("/proc/" + std::to_string(pid) + "/cmdline");
    if (args.find("--mpi-spawned-worker") != std::string::npos) ranks.push_back(pid);
  }
  return ranks;
}

std::string unique_marker(const char* test) {
  return "CONCUR_MPI_TEST=" + std::string(test) + "-" + std::to_string(::getpid());
}

// The environment of every process a test starts: its marker and, under
// AddressSanitizer, no leak check (see testing::open_mpi_leak_environment).
std::vector<std::string> mpi_environment(const std::string& marker) {
  std::vector<std::string> env{marker};
  for (std::string& e : testing::open_mpi_leak_environment()) env.push_back(std::move(e));
  return env;
}

// Waits (a little) for the marked processes to be gone: none may linger.
bool all_gone(const std::string& marker) {
  for (int i = 0; i < 50; ++i) {
    if (processes_marked(marker).empty()) return true;
    std::this_thread::sleep_for(100ms);
  }
  return false;
}

// Rows of a CSV report whose model column is `model`, as "workload,status".
std::vector<std::string> rows_of(const std::string& csv, const std::string& model) {
  std::vector<std::string> rows;
  std::map<std::string, std::size_t> header;
  for (const auto& line : lines_of(csv)) {
    std::vector<std::string> fields;
    std::stringstream in(line);
    for (std::string f; std::getline(in, f, ',');) fields.push_back(f);
    // The columns by name: workload, status, verified.
    if (header.empty()) {
      for (std::size_t i = 0; i < fields.size(); ++i) header[fields[i]] = i;
      continue;
    }
    if (fields.size() > header["status"] && fields[1] == model)
      rows.push_back(fields[0] + "," + fields[header["status"]] + "," + fields[header["verified"]]);
  }
  return rows;
}

TEST(MpiModel, SpawnedRanksVerifyEveryMathKernel) {
  const std::string marker = unique_marker("spawned");
  auto r = run_binary({"math", "--quick", "--models", "mpi", "--workers", "2", "--format", "csv"},
                      mpi_environment(marker));
  ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
  EXPECT_EQ(rows_of(r.out, "mpi"),
            (std::vector<std::string>{"primes,ok,true", "factorise,ok,true", "mandelbrot,ok,true",
                                      "pi,ok,true"}))
      << r.out;
  EXPECT_TRUE(all_gone(marker)) << "an MPI rank or Open MPI's daemon outlived the run";
}

// Ranges of tasks (at most 15, guided sizes): every kernel verifies with
// 1, 2 and 3 ranks, so a range lost, repeated or shifted by one on any
// number of ranks fails a cell (tests/mpi_ranges_test.cpp checks the
// bookkeeping itself).
TEST(MpiModel, EveryMathKernelVerifiesOnOneTwoAndThreeRanks) {
  const std::string marker = unique_marker("ranks123");
  auto r = run_binary({"math", "--quick", "--models", "mpi", "--workers", "1,2,3", "--repetitions",
                       "1", "--format", "csv"},
                      mpi_environment(marker));
  ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
  const auto rows = rows_of(r.out, "mpi");
  EXPECT_EQ(rows.size(), 12u) << r.out;
  for (const auto& row : rows) EXPECT_TRUE(row.ends_with(",ok,true")) << row << "\n" << r.out;
  EXPECT_TRUE(all_gone(marker));
}

// --size 47: 47 tasks of every kernel (mandelbrot: 29 rows), not a multiple
// of any range size; --size 2: fewer tasks than ranks, so one rank gets none.
TEST(MpiModel, TaskCountsThatAreNoMultipleOfTheRangeVerify) {
  const std::string marker = unique_marker("oddsizes");
  for (const char* size : {"47", "2"}) {
    auto r = run_binary({"math", "--models", "mpi", "--workers", "3", "--size", size,
                         "--workloads", "primes,factorise,pi,mandelbrot", "--repetitions", "1",
                         "--format", "csv"},
                        mpi_environment(marker));
    ASSERT_EQ(r.exit_code, 0) << size << r.err << r.out;
    EXPECT_EQ(rows_of(r.out, "mpi"), (std::vector<std::string>{"primes,ok,true", "factorise,ok,true",
                                                               "pi,ok,true", "mandelbrot,ok,true"}))
        << "--size " << size << "\n" << r.out;
  }
  EXPECT_TRUE(all_gone(marker));
}

// Each rank fetches its own images into its own temporary folder, and Open
// MPI keeps a session directory under TMPDIR: none of it may stay behind.
TEST(MpiModel, DownloadVerifiesAndLeavesNoTemporaryFiles) {
  testing::ScopedTmpdir tmp;
  const std::string marker = unique_marker("download");
  auto r = run_binary({"download", "--models", "mpi", "--workers", "2", "--images", "4",
                       "--latency", "5", "--repetitions", "1", "--format", "csv"},
                      mpi_environment(marker));
  ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
  EXPECT_EQ(rows_of(r.out, "mpi"), (std::vector<std::string>{"download,ok,true"})) << r.out;
  EXPECT_TRUE(all_gone(marker));
  EXPECT_TRUE(tmp.entries().empty()) << tmp.entries().front();
}

TEST(MpiModel, WorkersColumnShowsRanksAndHost) {
  char host[256] = {};
  ::gethostname(host, sizeof host - 1);
  testing::TempDir dir("concur-mpi-json");
  const std::string json_path = dir.file("run.json");
  auto r = run_binary({"math", "--quick", "--models", "mpi", "--workers", "1,2", "--workloads", "pi",
                       "--format", "json", "--output", json_path},
                      mpi_environment(unique_marker("label")));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("1@" + std::string(host)), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("2@" + std::string(host)), std::string::npos) << r.out;
  // The JSON says the same: ranks per host, per cell and for the run.
  std::ifstream in(json_path);
  const auto doc = nlohmann::json::parse(in);
  EXPECT_EQ(doc["context"]["worker_hosts"],
            nlohmann::json::parse(R"([{"host": ")" + std::string(host) + R"(", "ranks": 2}])"));
  std::map<unsigned, unsigned> ranks_by_workers;
  for (const auto& b : doc["benchmarks"])
    if (b["model"] == "mpi") ranks_by_workers[b["workers"].get<unsigned>()] = b["placement"][0]["ranks"];
  EXPECT_EQ(ranks_by_workers, (std::map<unsigned, unsigned>{{1, 1}, {2, 2}}));
}

// The ranks measure themselves and send it with their results: the mpi
// cell's CPU holds the work they did (about the sequential cell's, at any
// load: CPU for the same work does not depend on the wall time), not only
// rank 0's sleeping between probes.
TEST(MpiModel, TheRanksCpuAndRunDelayAreCountedInTheCell) {
  testing::TempDir dir("concur-mpi-usage");
  const std::string json_path = dir.file("run.json");
  auto r = run_binary({"math", "--quick", "--models", "sequential,mpi", "--workers", "2", "--workloads",
                       "primes", "--repetitions", "3", "--format", "json", "--output", json_path},
                      mpi_environment(unique_marker("usage")));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::ifstream in(json_path);
  const auto doc = nlohmann::json::parse(in);
  const bool has_schedstat = std::ifstream("/proc/thread-self/schedstat").good();
  std::map<std::string, std::vector<double>> cpu;
  for (const auto& b : doc["benchmarks"]) {
    if (b["run_type"] != "iteration") continue;
    const auto& m = b["mechanism"];
    EXPECT_FALSE(m["workers_not_counted"].get<bool>()) << b["name"];
    // The ranks' run delay came too: present exactly where schedstat is.
    if (b["model"] == "mpi") {
      EXPECT_EQ(!m["run_delay_s"].is_null(), has_schedstat) << b["name"];
    }
    cpu[b["model"]].push_back(m["cpu_s"].get<double>());
  }
  ASSERT_EQ(cpu["mpi"].size(), 3u);
  std::sort(cpu["mpi"].begin(), cpu["mpi"].end());
  std::sort(cpu["sequential"].begin(), cpu["sequential"].end());
  EXPECT_GE(cpu["mpi"][1], 0.8 * cpu["sequential"][1]) << "the ranks' CPU is missing";
  for (const auto& c : doc["analysis"]["cells"])
    if (c["name"].get<std::string>().starts_with("primes/mpi/")) {
      EXPECT_FALSE(c["cores_used"].is_null());
    }
}

TEST(MpiModel, MpirunWithLocalhostHostfileVerifiesEveryKernel) {
  testing::TempDir dir("concur-mpi-hosts");
  ASSERT_FALSE(dir.path().empty());
  const std::filesystem::path hostfile = dir.file("hosts");
  std::ofstream(hostfile) << "localhost slots=3\n";
  const std::string marker = unique_marker("mpirun");
  std::vector<std::string> args = {"--oversubscribe", "--hostfile", hostfile.string(), "-np", "3",
                                   "--mca", "btl", "self,vader,tcp", "--mca", "pml", "ob1"};
  // mpirun passes on only the variables it is told to: the ranks need the
  // sanitizer settings too.
  if (testing::running_under_asan()) args.insert(args.end(), {"-x", "LSAN_OPTIONS"});
  args.insert(args.end(), {CONCUR_BINARY, "math", "--quick", "--models", "mpi", "--workers", "2",
                           "--format", "csv"});
  auto r = run_launcher(CONCUR_MPIEXEC, args,
                       [&] {
                         auto env = mpi_environment(marker);
                         env.push_back("OMPI_ALLOW_RUN_AS_ROOT=1");
                         env.push_back("OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1");
                         return env;
                       }());
  ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
  EXPECT_EQ(rows_of(r.out, "mpi"),
            (std::vector<std::string>{"primes,ok,true", "factorise,ok,true", "mandelbrot,ok,true",
                                      "pi,ok,true"}))
      << r.out;
  EXPECT_TRUE(all_gone(marker));
}

// The binary in the background, its output in pipes read once it ends.
class Background {
 public:
  Background(const std::vector<std::string>& args, const std::vector<std::string>& env) {
    int out[2];
    if (::pipe(out) != 0) return;
    const testing::ChildExec child(CONCUR_BINARY, args, env);
    pid_ = ::fork();
    if (pid_ == 0) {
      ::dup2(out[1], STDOUT_FILENO);
      ::dup2(out[1], STDERR_FILENO);
      ::close(out[0]);
      child.exec();
      ::_exit(127);
    }
    ::close(out[1]);
    output_fd_ = out[0];
  }
  ~Background() {
    if (pid_ > 0 && !ended_) {  // a failed test: Ctrl-C first, so the ranks go too
      ::kill(pid_, SIGINT);
      if (wait(10s).first < 0) ::kill(pid_, SIGKILL), ::waitpid(pid_, nullptr, 0);
    }
    if (output_fd_ >= 0) ::close(output_fd_);
  }
  pid_t pid() const { return pid_; }

  // Exit code (or -1 past the deadline) and everything it printed.
  std::pair<int, std::string> wait(std::chrono::seconds deadline) {
    std::string output;
    const auto start = std::chrono::steady_clock::now();
    int status = 0;
    while (::waitpid(pid_, &status, WNOHANG) == 0) {
      if (std::chrono::steady_clock::now() - start > deadline) return {-1, drain()};
      std::this_thread::sleep_for(20ms);
    }
    ended_ = true;
    return {WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status), drain()};
  }

 private:
  std::string drain() {
    std::string text;
    char buffer[4096];
    ::fcntl(output_fd_, F_SETFL, O_NONBLOCK);
    for (ssize_t n; (n = ::read(output_fd_, buffer, sizeof buffer)) > 0;)
      text.append(buffer, static_cast<std::size_t>(n));
    return text;
  }
  pid_t pid_ = -1;
  int output_fd_ = -1;
  bool ended_ = false;
};

// A primes run long enough (seconds) to be interrupted half-way, with
// tasks long enough that a quit has to stop one in the middle.
const std::vector<std::string> kLongRun = {"math", "--models", "mpi", "--workers", "2",
                                           "--workloads", "primes", "--size", "60000000",
                                           "--repetitions", "1"};

// CPU seconds a process has used (utime + stime from /proc/PID/stat).
double cpu_seconds_of(pid_t pid) {
  const std::string stat = read_proc_file("/proc/" + std::to_string(pid) + "/stat");
  auto close = stat.rfind(')');
  if (close == std::string::npos) return 0;
  std::istringstream fields(stat.substr(close + 2));
  std::string skip;
  for (int i = 0; i < 11; ++i) fields >> skip;  // state .. cmajflt
  double utime = 0, stime = 0;
  fields >> utime >> stime;
  return (utime + stime) / static_cast<double>(::sysconf(_SC_CLK_TCK));
}

// The worker ranks, once every one of them is computing tasks (has used
// CPU time): the farm is running, no longer starting.
std::vector<pid_t> wait_for_busy_ranks(const std::string& marker, std::size_t count) {
  for (int i = 0; i < 600; ++i) {
    auto ranks = worker_ranks_marked(marker);
    bool busy = ranks.size() >= count;
    for (pid_t pid : ranks) busy = busy && cpu_seconds_of(pid) > 1.0;
    if (busy) return ranks;
    std::this_thread::sleep_for(100ms);
  }
  return {};
}

TEST(MpiModel, KilledWorkerRankFailsTheCellNamingRankAndHost) {
  const std::string marker = unique_marker("killed");
  Background run(kLongRun, mpi_environment(marker));
  auto ranks = wait_for_busy_ranks(marker, 2);
  ASSERT_EQ(ranks.size(), 2u) << "the worker ranks did not start";
  ::kill(ranks[0], SIGKILL);
  auto [code, output] = run.wait(20s);
  EXPECT_EQ(code, 1) << output;
  EXPECT_NE(output.find("MPI worker rank"), std::string::npos) << output;
  EXPECT_NE(output.find("on host"), std::string::npos) << output;
  EXPECT_NE(output.find("pid " + std::to_string(ranks[0])), std::string::npos) << output;
  EXPECT_TRUE(all_gone(marker)) << "a rank or Open MPI's daemon was left running";
}

// kill -9 of the coordinator leaves its Open MPI session folder (nothing in
// the process can run): it is under TMPDIR/concur-mpi.<pid>, never in the
// shared ompi.<host>.<uid>, and the next run that starts ranks removes it.
TEST(MpiModel, AKilledRunsSessionFolderIsRemovedByTheNext) {
  testing::ScopedTmpdir tmp;
  const std::string marker = unique_marker("killed9");
  Background run(kLongRun, mpi_environment(marker));
  ASSERT_EQ(wait_for_busy_ranks(marker, 2).size(), 2u);
  const std::string left = "concur-mpi." + std::to_string(run.pid());
  EXPECT_TRUE(std::filesystem::is_directory(tmp.file(left)));
  ::kill(run.pid(), SIGKILL);
  run.wait(20s);
  EXPECT_TRUE(all_gone(marker)) << "a rank or Open MPI's daemon outlived its coordinator";
  for (const auto& entry : tmp.entries())
    EXPECT_TRUE(entry.starts_with(tmp.file(left))) << "outside the run's own folder: " << entry;
  auto next = run_binary({"math", "--quick", "--models", "mpi", "--workers", "2", "--workloads", "pi"},
                         mpi_environment(marker));
  EXPECT_EQ(next.exit_code, 0) << next.err;
  EXPECT_TRUE(tmp.entries().empty()) << tmp.entries().front();
}

// --keep is the coordinator's folder: ranks download into folders of their
// own (they may run on other hosts), so the mpi cell neither trips on the
// images other cells kept nor takes the folder's lock.
TEST(MpiModel, DownloadWithKeepRunsBesideTheCoordinatorsImages) {
  testing::TempDir keep("concur-keep");
  const std::string marker = unique_marker("keep");
  auto r = run_binary({"download", "--models", "sequential,mpi", "--workers", "2", "--images", "4", "--latency",
                       "0", "--repetitions", "1", "--keep", keep.path(), "--format", "csv"},
                      mpi_environment(marker));
  ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
  EXPECT_EQ(rows_of(r.out, "mpi"), (std::vector<std::string>{"download,ok,true"})) << r.out;
  EXPECT_EQ(keep.entries().size(), 4u);
  EXPECT_TRUE(all_gone(marker));
}

TEST(MpiModel, CtrlCStopsEveryRankWithExit130) {
  const std::string marker = unique_marker("interrupt");
  Background run(kLongRun, mpi_environment(marker));
  ASSERT_EQ(wait_for_busy_ranks(marker, 2).size(), 2u);
  ::kill(run.pid(), SIGINT);
  auto [code, output] = run.wait(20s);
  EXPECT_EQ(code, 130) << output;
  EXPECT_TRUE(all_gone(marker));
}

TEST(MpiModel, UnresolvableHostFailsTheCellWithTheReason) {
  testing::TempDir dir("concur-mpi-bad-hosts");
  ASSERT_FALSE(dir.path().empty());
  const std::filesystem::path hostfile = dir.file("hosts");
  std::ofstream(hostfile) << "# a comment\nno-such-host.invalid slots=2\n";
  const std::string marker = unique_marker("badhost");
  auto r = run_binary({"math", "--quick", "--models", "mpi", "--workers", "2", "--workloads", "pi",
                       "--hostfile", hostfile.string()},
                      mpi_environment(marker));
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("no-such-host.invalid"), std::string::npos) << r.out;
  EXPECT_TRUE(all_gone(marker));
}

// A host that resolves but refuses ssh (127.0.0.2: loopback, no ssh
// server on it, or one that will not take us): the run ends as soon as
// ssh fails, naming the host, not after the 60 s watchdog.
TEST(MpiModel, AnUnreachableHostEndsTheRunAsSoonAsSshFails) {
  if (::access("/usr/bin/ssh", X_OK) != 0) GTEST_SKIP() << "no ssh: Open MPI cannot try a remote host";
  testing::TempDir dir;
  const std::string hostfile = dir.file("hosts");
  std::ofstream(hostfile) << "127.0.0.2 slots=2\n";
  const std::string marker = unique_marker("unreachable");
  const auto start = std::chrono::steady_clock::now();
  auto r = run_binary({"math", "--quick", "--models", "mpi", "--workers", "2", "--workloads", "pi", "--hostfile",
                       hostfile},
                      mpi_environment(marker));
  const auto took = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find("could not start its daemon on a host of " + hostfile), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("ssh 127.0.0.2 exited with status"), std::string::npos) << r.err;
  EXPECT_LT(took, 30s) << "waited for the watchdog, not for ssh";
  EXPECT_TRUE(all_gone(marker));
}

#endif  // CONCUR_HAVE_MPI

TEST(MpiModel, UnreadableHostfileIsAUsageError) {
  auto r = run_binary({"math", "--quick", "--models", "mpi", "--workloads", "pi", "--hostfile",
                       "/nonexistent/hosts"});
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_NE(r.err.find("/nonexistent/hosts"), std::string::npos) << r.err;
}

// Not a regular file: Open MPI and we would read /dev/zero forever.
TEST(MpiModel, HostfileThatIsNotARegularFileIsAUsageError) {
  for (const char* path : {"/dev/zero", "/tmp"}) {
    auto r = run_binary({"math", "--quick", "--models", "mpi", "--workloads", "pi", "--hostfile", path});
    EXPECT_EQ(r.exit_code, 2) << path << r.out << r.err;
    EXPECT_NE(r.err.find("not a regular file"), std::string::npos) << r.err;
  }
}

TEST(MpiModel, ZeroWorkersIsAUsageError) {
  auto r = run_binary({"math", "--quick", "--models", "mpi", "--workers", "0"});
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
}

#if !defined(CONCUR_HAVE_MPI)
TEST(MpiModel, RowsSaySkippedWithTheReasonWhenNotBuilt) {
  auto r = run_binary({"math", "--quick", "--models", "mpi", "--workloads", "pi"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("skipped"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("not built"), std::string::npos) << r.out;
}
#endif

}  // namespace
}  // namespace concur
