#include "models/mpi/local_processes.hpp"

#include <netdb.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <set>
#include <sstream>
#include <stdexcept>

#include <fmt/format.h>

#include "concur/interrupt.hpp"
#include "models/mpi/entry.hpp"

namespace concur::mpi {
namespace {

// Closes our ends of the pipes `child` also holds (not our standard
// streams): Open MPI's daemon ends when the pipe it watches for our death
// closes, removing its session directory under /tmp.
void close_pipes_shared_with(pid_t child) {
  std::set<std::string> child_pipes;
  std::error_code error;
  for (const auto& fd : std::filesystem::directory_iterator(fmt::format("/proc/{}/fd", child), error)) {
    auto target = std::filesystem::read_symlink(fd.path(), error);
    if (!error && target.string().starts_with("pipe:")) child_pipes.insert(target.string());
  }
  // Our standard streams may be pipes the daemon inherited: never those.
  for (int standard = 0; standard <= 2; ++standard)
    child_pipes.erase(std::filesystem::read_symlink(fmt::format("/proc/self/fd/{}", standard), error).string());
  std::vector<int> ours;
  for (const auto& fd : std::filesystem::directory_iterator("/proc/self/fd", error)) {
    auto target = std::filesystem::read_symlink(fd.path(), error);
    if (!error && child_pipes.count(target.string()))
      ours.push_back(std::stoi(fd.path().filename().string()));
  }
  for (int fd : ours) ::close(fd);
}

std::filesystem::path temp_root() {
  const char* tmp = std::getenv("TMPDIR");
  return tmp && *tmp ? tmp : "/tmp";
}

// What Open MPI's daemon `daemon` would have removed had it ended by itself:
// <session base>/ompi.<host>.<uid>/pid.<daemon>.
void remove_session_directory(pid_t daemon) {
  char host[256] = {};
  ::gethostname(host, sizeof host - 1);
  const char* base = std::getenv("OMPI_MCA_orte_tmpdir_base");
  std::error_code error;
  std::filesystem::remove_all(std::filesystem::path(base && *base ? base : temp_root()) /
                                  fmt::format("ompi.{}.{}", host, ::getuid()) /
                                  fmt::format("pid.{}", daemon),
                              error);
}

constexpr std::string_view kSessionBasePrefix = "concur-mpi.";
std::string g_session_base;  // set once, before any thread that reads it starts

}  // namespace

std::string make_session_base() {
  const std::filesystem::path root = temp_root();
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(root, error)) {
    const std::string name = entry.path().filename().string();
    if (!name.starts_with(kSessionBasePrefix)) continue;
    const std::string digits = name.substr(kSessionBasePrefix.size());
    if (digits.empty() || digits.size() > 9 || digits.find_first_not_of("0123456789") != std::string::npos) continue;
    const long pid = std::stol(digits);
    struct stat st {};
    // Another user's, one still running, or not a folder: not ours to remove.
    if (pid == ::getpid() || local_process_alive(pid) || ::lstat(entry.path().c_str(), &st) != 0 ||
        !S_ISDIR(st.st_mode) || st.st_uid != ::getuid())
      continue;
    std::error_code ignored;
    std::filesystem::remove_all(entry.path(), ignored);
  }
  const std::filesystem::path mine = root / fmt::format("{}{}", kSessionBasePrefix, ::getpid());
  if (::mkdir(mine.c_str(), 0700) != 0 && errno != EEXIST)
    throw std::runtime_error(fmt::format("cannot create Open MPI's session folder {}: {}", mine.string(),
                                         std::strerror(errno)));
  g_session_base = mine.string();
  return g_session_base;
}

void remove_session_base() {
  std::error_code ignored;
  if (!g_session_base.empty()) std::filesystem::remove_all(g_session_base, ignored);
}

bool local_process_alive(long pid) {
  if (::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH) return false;
  std::ifstream stat(fmt::format("/proc/{}/stat", pid));
  std::string pid_field, comm, state;
  if (!(stat >> pid_field >> comm >> state)) return false;
  return state != "Z" && state != "X";
}

std::vector<pid_t> own_children() {
  std::vector<pid_t> children;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator("/proc", error)) {
    const std::string name = entry.path().filename();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::ifstream stat(entry.path() / "stat");
    std::string line;
    std::getline(stat, line);
    // "pid (comm) state ppid ...": comm may contain spaces, so parse after ')'.
    auto close = line.rfind(')');
    if (close == std::string::npos) continue;
    std::istringstream rest(line.substr(close + 1));
    std::string state;
    pid_t ppid = 0;
    if (rest >> state >> ppid && ppid == ::getpid()) children.push_back(std::stoi(name));
  }
  return children;
}

void end_children() {
  for (pid_t child : own_children()) close_pipes_shared_with(child);
  const auto start = Clock::now();
  for (;;) {
    pid_t pid = ::waitpid(-1, nullptr, WNOHANG);
    if (pid > 0) continue;
    if (pid < 0 && errno != EINTR) return;
    // The daemon normally ends within milliseconds, but a loaded machine
    // has taken over 2 s; killing it then would leave its session directory.
    if (seconds_since(start) > 10)
      for (pid_t child : own_children()) {
        ::kill(child, SIGKILL);
        remove_session_directory(child);
      }
    ::usleep(5'000);
  }
}

void check_hosts_resolve(const std::string& hostfile) {
  std::ifstream in(hostfile);
  if (!in) throw std::runtime_error(fmt::format("cannot read hostfile {}", hostfile));
  for (std::string line; std::getline(in, line);) {
    std::istringstream words(line.substr(0, line.find('#')));
    std::string host;
    if (!(words >> host)) continue;
    addrinfo* found = nullptr;
    if (int rc = ::getaddrinfo(host.c_str(), nullptr, nullptr, &found); rc != 0)
      throw std::runtime_error(fmt::format("hostfile {}: host '{}' cannot be resolved ({})",
                                           hostfile, host, ::gai_strerror(rc)));
    ::freeaddrinfo(found);
  }
}

namespace {

constexpr const char* kRealLauncherVariable = "CONCUR_MPI_LAUNCHER";
constexpr const char* kLaunchReportVariable = "CONCUR_MPI_LAUNCH_REPORT";

// The first of `names` found as an executable in PATH.
std::string find_in_path(std::initializer_list<const char*> names) {
  const char* path = std::getenv("PATH");
  for (const char* name : names) {
    std::istringstream folders(path ? path : "/usr/bin:/bin");
    for (std::string folder; std::getline(folders, folder, ':');) {
      const std::string candidate = (folder.empty() ? "." : folder) + "/" + name;
      if (::access(candidate.c_str(), X_OK) == 0) return candidate;
    }
  }
  return {};
}

pid_t g_launcher = 0;  // the agent's ssh, for the signal handler
extern "C" void pass_signal_on(int signal_number) {
  if (g_launcher > 0) ::kill(g_launcher, signal_number);
}

// What the agent wrote, or empty: a launch failed when it is not empty.
std::string launch_report() {
  const char* path = std::getenv(kLaunchReportVariable);
  if (!path || !*path) return {};
  std::ifstream in(path);
  std::string text, line;
  while (std::getline(in, line)) text += (text.empty() ? "" : "; ") + line;
  return text;
}

}  // namespace

void use_launch_agent() {
  if (std::getenv("OMPI_MCA_plm_rsh_agent") || g_session_base.empty()) return;  // the user's launcher stands
  char self[4096] = {};
  if (::readlink("/proc/self/exe", self, sizeof self - 1) <= 0) return;
  const std::string program = self;
  // Open MPI splits the agent at spaces and tries ':'-separated alternatives.
  if (program.find_first_of(" \t:") != std::string::npos) return;
  const std::string launcher = find_in_path({"ssh", "rsh"});
  if (launcher.empty()) return;  // Open MPI then says that it has no launcher
  ::setenv(kRealLauncherVariable, launcher.c_str(), 1);
  ::setenv(kLaunchReportVariable, (g_session_base + "/launch-failed").c_str(), 1);
  ::setenv("OMPI_MCA_plm_rsh_agent", (program + " " + kMpiLaunchAgentFlag).c_str(), 1);
}

int launch_agent_main(int argc, char** argv) {
  const char* launcher = std::getenv(kRealLauncherVariable);
  if (!launcher || !*launcher || argc < 1) {
    std::fprintf(stderr, "concur-bench: --mpi-launch-agent is Open MPI's, started by the mpi model\n");
    return 2;
  }
  std::vector<char*> args{const_cast<char*>(launcher)};
  for (int i = 0; i < argc; ++i) args.push_back(argv[i]);
  args.push_back(nullptr);
  g_launcher = ::fork();
  if (g_launcher < 0) return 255;
  if (g_launcher == 0) {
    ::execv(launcher, args.data());
    std::fprintf(stderr, "concur-bench: cannot run %s: %s\n", launcher, std::strerror(errno));
    ::_exit(255);
  }
  // Open MPI stops a daemon by signalling its launcher: pass it on.
  for (int signal_number : {SIGTERM, SIGINT, SIGHUP, SIGQUIT}) std::signal(signal_number, pass_signal_on);
  int status = 0;
  while (::waitpid(g_launcher, &status, 0) < 0 && errno == EINTR) {
  }
  const int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  if (code != 0) {
    if (const char* report = std::getenv(kLaunchReportVariable); report && *report) {
      std::ofstream out(report, std::ios::app);
      out << fmt::format("{} {} exited with {}{}", launcher, argv[0],
                         WIFEXITED(status) ? "status " : "signal ",
                         WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status))
          << '\n';
    }
  }
  return code;
}

void SpawnWatchdog::forget_launch_failures() {
  if (const char* path = std::getenv(kLaunchReportVariable); path && *path) ::unlink(path);
}

void SpawnWatchdog::watch(std::stop_token stop, unsigned count, const std::string& hostfile) {
  constexpr double kLimit = 60;
  const auto start = Clock::now();
  while (!stop.stop_requested()) {
    const bool interrupted = interrupt_requested();
    // The launcher of a host failed (ssh refused, no route): waiting longer
    // would change nothing, Open MPI would wait forever.
    if (const std::string failed = launch_report(); !failed.empty() && !interrupted) {
      fmt::print(stderr,
                 "concur-bench: mpi: Open MPI could not start its daemon{}: {} (is every host "
                 "reachable by ssh, with Open MPI installed?)\n",
                 hostfile.empty() ? "" : " on a host of " + hostfile, failed);
      std::fflush(stderr);
      end_children();
      remove_session_base();
      std::_Exit(1);
    }
    if (interrupted || seconds_since(start) > kLimit) {
      if (!interrupted)
        fmt::print(stderr,
                   "concur-bench: mpi: Open MPI did not start {} worker ranks{} within {:.0f} s "
                   "(is every host reachable by ssh, with Open MPI installed?)\n",
                   count, hostfile.empty() ? "" : " on the hosts of " + hostfile, kLimit);
      else
        fmt::print(stderr, "concur-bench: interrupted while starting MPI ranks\n");
      std::fflush(stderr);
      end_children();
      remove_session_base();
      std::_Exit(interrupted ? 130 : 1);
    }
    ::usleep(50'000);
  }
}

}  // namespace concur::mpi
