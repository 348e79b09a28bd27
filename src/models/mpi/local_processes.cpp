#include "models/mpi/local_processes.hpp"

#include <netdb.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>

#include <fmt/format.h>

#include "concur/interrupt.hpp"

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

// What Open MPI's daemon `daemon` would have removed had it ended by itself:
// <TMPDIR or /tmp>/ompi.<host>.<uid>/pid.<daemon>.
void remove_session_directory(pid_t daemon) {
  char host[256] = {};
  ::gethostname(host, sizeof host - 1);
  const char* tmp = std::getenv("TMPDIR");
  std::error_code error;
  std::filesystem::remove_all(std::filesystem::path(tmp && *tmp ? tmp : "/tmp") /
                                  fmt::format("ompi.{}.{}", host, ::getuid()) /
                                  fmt::format("pid.{}", daemon),
                              error);
}

}  // namespace

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

void SpawnWatchdog::watch(std::stop_token stop, unsigned count, const std::string& hostfile) {
  constexpr double kLimit = 60;
  const auto start = Clock::now();
  while (!stop.stop_requested()) {
    const bool interrupted = interrupt_requested();
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
      std::_Exit(interrupted ? 130 : 1);
    }
    ::usleep(50'000);
  }
}

}  // namespace concur::mpi
