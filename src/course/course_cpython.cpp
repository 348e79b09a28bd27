// Runs the CPython scripts as child processes (posix_spawnp, no shell) and
// reads the one JSON line each prints.
#include "course/course_cpython.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <stdexcept>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "concur/errors.hpp"
#include "workloads/download/image_server.hpp"
#include "workloads/math/kernels.hpp"

extern char** environ;

namespace concur::course {
namespace {

namespace fs = std::filesystem;

struct Child {
  int exit_code = -1;
  std::string out;
};

// Runs argv[0] (found on the PATH) and collects its stdout; stderr passes through.
Child run(const std::vector<std::string>& args) {
  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], STDOUT_FILENO);
  std::vector<char*> argv;
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  pid_t pid = 0;
  const int spawned = ::posix_spawnp(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(pipe_fds[1]);
  Child child;
  if (spawned != 0) {
    ::close(pipe_fds[0]);
    return child;
  }
  // The scripts print a few lines; a script that printed without end (one
  // found through $CONCUR_BENCH_PYTHON_DIR may be anything) is read to its
  // end but kept to this much, and then not trusted.
  constexpr std::size_t kMaxOutput = 1 << 20;
  char buffer[4096];
  bool too_long = false;
  for (ssize_t n; (n = ::read(pipe_fds[0], buffer, sizeof buffer)) != 0;) {
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) break;
    if (child.out.size() + static_cast<std::size_t>(n) > kMaxOutput) too_long = true;
    if (!too_long) child.out.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(pipe_fds[0]);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  child.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  if (WIFSIGNALED(status) && WTERMSIG(status) == SIGINT) throw Interrupted();
  if (too_long) child.out.clear();  // read as "printed nothing usable"
  return child;
}

bool on_path(const std::string& program) {
  const char* path = std::getenv("PATH");
  if (!path) return false;
  std::string_view rest(path);
  while (!rest.empty()) {
    const auto colon = rest.find(':');
    const fs::path dir(std::string(rest.substr(0, colon)));
    if (::access((dir / program).c_str(), X_OK) == 0) return true;
    rest = colon == std::string_view::npos ? "" : rest.substr(colon + 1);
  }
  return false;
}

// One script run: its repetitions, or why there are none. `expected_cpus`:
// what the run should keep busy, checked against the CPU time it reports.
Measured script(const std::vector<std::string>& args, std::string* version, std::optional<std::uint64_t> checksum,
                double expected_cpus = 0) {
  const Child child = run(args);
  if (child.exit_code != 0) return Measured::missing(fmt::format("{} exited with {}", args[1], child.exit_code));
  try {
    const auto json = nlohmann::json::parse(child.out);
    if (checksum && json.at("checksum").get<std::uint64_t>() != *checksum)
      return Measured::missing("CPython's prime factors disagree with C++'s");
    if (version) *version = json.at("version").get<std::string>();
    double cpu = 0;
    if (json.contains("cpu_seconds")) {
      auto cpus = json.at("cpu_seconds").get<std::vector<double>>();
      std::sort(cpus.begin(), cpus.end());
      if (!cpus.empty()) cpu = cpus[cpus.size() / 2];
    }
    return Measured::sampled(json.at("seconds").get<std::vector<double>>(), 0, cpu, cpu > 0 ? expected_cpus : 0);
  } catch (const nlohmann::json::exception&) {
    return Measured::missing(fmt::format("{} printed no result", args[1]));
  }
}

std::uint64_t cpp_checksum(std::uint64_t seed, std::uint64_t count) {
  std::uint64_t sum = 0;
  for (std::uint64_t i = 0; i < count; ++i) sum += math::factorise_checksum(math::factorise_input(seed, i));
  return sum;
}

}  // namespace

std::optional<fs::path> cpython_scripts_dir() {
  std::vector<fs::path> candidates;
  if (const char* dir = std::getenv("CONCUR_BENCH_PYTHON_DIR")) candidates.emplace_back(dir);
  std::error_code error;
  const fs::path exe = fs::read_symlink("/proc/self/exe", error);
  if (!error) {
    candidates.push_back(exe.parent_path() / "share/concur-bench/python");     // build tree
    candidates.push_back(exe.parent_path() / "../share/concur-bench/python");  // installed
  }
  for (const auto& dir : candidates)
    if (fs::exists(dir / "course_factorise.py", error)) return dir.lexically_normal();
  return std::nullopt;
}

CPythonFacts measure_cpython(bool quick, std::uint64_t seed, double latency_ms) {
  CPythonFacts f;
  // CPython needs ~50 times longer than C++ per integer: a share of the
  // course's 10,000 keeps each run near a second.
  f.numbers = quick ? 1'000 : 5'000;
  std::vector<std::string> interpreters;
  for (const char* name : {"python3", "python3.13t"})
    if (on_path(name)) interpreters.emplace_back(name);
  if (interpreters.empty()) {
    f.missing = "no python3 on the PATH";
    return f;
  }
  const auto dir = cpython_scripts_dir();
  if (!dir) {
    f.missing = "the course's Python scripts (share/concur-bench/python) are not installed beside the binary";
    return f;
  }
  const std::string reps = "3", count = std::to_string(f.numbers), workers = std::to_string(f.workers);
  const std::uint64_t expected = cpp_checksum(seed, f.numbers);
  download::ServerConfig config;
  config.latency_ms = latency_ms;
  config.seed = seed;
  download::ImageServer server(config);
  const std::string cpu = (*dir / "course_factorise.py").string(), io = (*dir / "course_download.py").string();
  for (const auto& python : interpreters) {
    CPythonColumn c;
    c.interpreter = python;
    c.gil = python != "python3.13t";
    // One CPU for one thread or threads under a GIL; Pool workers' CPU time is not the parent's.
    auto cpu_run = [&](const char* mode, double expected_cpus) {
      return script({python, cpu, "--mode", mode, "--count", count, "--workers", workers, "--seed",
                     std::to_string(seed), "--repetitions", reps},
                    &c.version, expected, expected_cpus);
    };
    auto io_run = [&](const char* mode) {
      return script({python, io, "--mode", mode, "--url", server.base_url(), "--images", std::to_string(f.images),
                     "--repetitions", reps},
                    nullptr, std::nullopt);
    };
    c.cpu_sequential = cpu_run("sequential", 1);
    c.cpu_threads = cpu_run("threads", c.gil ? 1 : 0);
    c.cpu_pool = cpu_run("pool", 0);
    c.download_sequential = io_run("sequential");
    c.download_threads = io_run("threads");
    f.columns.push_back(std::move(c));
  }
  return f;
}

}  // namespace concur::course
