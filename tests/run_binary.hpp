// The one way tests launch the real concur-bench binary (CONCUR_BINARY):
// arguments in; exit code, stdout and stderr out. No shell involved.
//   run_binary(args, env)          runs it to the end and returns everything;
//   start_binary(args, launch)     leaves it running: read its first line,
//                                  signal it, then finish() it.
#pragma once

#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <optional>
#include <thread>
#include <string>
#include <vector>

#include "child_exec.hpp"

namespace concur::testing {

struct BinaryResult {
  int exit_code = -1;  // 128 + signal when killed by one
  int signal = 0;      // the signal that killed it, or 0 when it exited
  std::string out;
  std::string err;
};

struct Launch {
  std::vector<std::string> env;             // "NAME=value", added to the current environment
  std::optional<rlim_t> max_open_files;     // RLIMIT_NOFILE, soft and hard, for the child only
  // stdout and stderr to /dev/null: for runs that are interrupted, where an
  // orphaned grandchild holding a pipe open would block finish().
  bool discard_output = false;
  std::string program = CONCUR_BINARY;      // another program, e.g. mpirun running the binary
  // stdout to this file (e.g. /dev/full) instead of the pipe; "closed": none at all.
  std::string stdout_to{};
  // Run as this user and group (e.g. nobody, 65534): root passes every
  // permission check that a tool's users meet.
  std::optional<uid_t> as_user{};
  std::optional<rlim_t> max_processes{};  // RLIMIT_NPROC (threads count), for the child only
  // RLIMIT_FSIZE in bytes, SIGXFSZ ignored: a write past it fails (EFBIG),
  // as on a full disk, without root to mount a small one.
  std::optional<rlim_t> max_file_size{};
  std::string stdin_from{};  // standard input from this file instead of /dev/null
};

// A started binary. Its stdout and stderr are pipes read by finish() (or by
// read_line() for the first lines of stdout); stdin is /dev/null unless
// Launch::stdin_from names a file.
class RunningBinary {
 public:
  RunningBinary(const std::vector<std::string>& args, const Launch& launch) {
    int out_pipe[2], err_pipe[2];
    if (pipe2(out_pipe, O_CLOEXEC) != 0) return;
    if (pipe2(err_pipe, O_CLOEXEC) != 0) {
      close(out_pipe[0]);
      close(out_pipe[1]);
      return;
    }
    const ChildExec child(launch.program, args, launch.env);
    pid_ = fork();
    if (pid_ == 0) {
      dup2(out_pipe[1], STDOUT_FILENO);
      dup2(err_pipe[1], STDERR_FILENO);
      int devnull = open("/dev/null", O_RDWR);
      dup2(devnull, STDIN_FILENO);
      if (!launch.stdin_from.empty()) {
        const int input = open(launch.stdin_from.c_str(), O_RDONLY);
        if (input < 0) _exit(127);
        dup2(input, STDIN_FILENO);
      }
      if (launch.discard_output) {
        dup2(devnull, STDOUT_FILENO);
        dup2(devnull, STDERR_FILENO);
      }
      if (launch.stdout_to == "closed") {
        close(STDOUT_FILENO);
      } else if (!launch.stdout_to.empty()) {
        const int target = open(launch.stdout_to.c_str(), O_WRONLY);
        if (target < 0) _exit(127);
        dup2(target, STDOUT_FILENO);
      }
      if (launch.as_user && (setgroups(0, nullptr) != 0 || setgid(*launch.as_user) != 0 ||
                             setuid(*launch.as_user) != 0))
        _exit(127);
      if (launch.max_processes) {
        const rlimit few{*launch.max_processes, *launch.max_processes};
        setrlimit(RLIMIT_NPROC, &few);
      }
      if (launch.max_open_files) {
        const rlimit low{*launch.max_open_files, *launch.max_open_files};
        setrlimit(RLIMIT_NOFILE, &low);
      }
      if (launch.max_file_size) {
        ::signal(SIGXFSZ, SIG_IGN);  // kept across exec
        const rlimit small{*launch.max_file_size, *launch.max_file_size};
        setrlimit(RLIMIT_FSIZE, &small);
      }
      child.exec();
      _exit(127);
    }
    close(out_pipe[1]);
    close(err_pipe[1]);
    out_fd_ = out_pipe[0];
    err_fd_ = err_pipe[0];
  }
  RunningBinary(const RunningBinary&) = delete;
  RunningBinary& operator=(const RunningBinary&) = delete;
  // A test that fails half-way still leaves no process behind.
  ~RunningBinary() {
    if (pid_ > 0 && !finished_) {
      kill(pid_, SIGKILL);
      finish();
    }
  }

  pid_t pid() const { return pid_; }
  bool started() const { return pid_ > 0; }
  void signal(int signal_number) const {
    if (pid_ > 0) kill(pid_, signal_number);
  }

  // The next line of stdout, without its newline; empty at end of output.
  std::string read_line() {
    std::string line;
    for (char c; read(out_fd_, &c, 1) == 1 && c != '\n';) line += c;
    result_.out += line + '\n';
    return line;
  }

  // Reads the rest of stdout and stderr, then waits for the exit.
  BinaryResult finish() { return *finish_within(std::nullopt); }

  // The same, but a run still going after `limit` is killed (SIGKILL) and
  // reaped: nullopt then, so a hung binary fails its test instead of the suite.
  std::optional<BinaryResult> finish_within(std::optional<std::chrono::milliseconds> limit) {
    if (pid_ <= 0 || finished_) return result_;
    const auto deadline = std::chrono::steady_clock::now() + limit.value_or(std::chrono::milliseconds(0));
    bool killed = false;
    pollfd fds[2] = {{out_fd_, POLLIN, 0}, {err_fd_, POLLIN, 0}};
    std::string* sinks[2] = {&result_.out, &result_.err};
    int open_count = 2;
    while (open_count > 0) {
      int timeout_ms = -1;
      if (limit && !killed) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        timeout_ms = static_cast<int>(std::max<std::chrono::milliseconds::rep>(left.count(), 0));
      }
      const int ready = poll(fds, 2, timeout_ms);
      if (ready == 0) {  // the deadline passed with the pipes still open
        kill(pid_, SIGKILL);
        killed = true;
        continue;
      }
      if (ready < 0) continue;
      for (int i = 0; i < 2; ++i) {
        if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP))) continue;
        char buffer[4096];
        ssize_t n = read(fds[i].fd, buffer, sizeof buffer);
        if (n > 0) {
          sinks[i]->append(buffer, static_cast<std::size_t>(n));
        } else {
          close(fds[i].fd);
          fds[i].fd = -1;
          --open_count;
        }
      }
    }
    int status = 0;
    bool reaped = false;
    // Output discarded (or closed early): the pipes say nothing about the exit.
    while (limit && !killed && !(reaped = waitpid(pid_, &status, WNOHANG) == pid_)) {
      if (std::chrono::steady_clock::now() > deadline) {
        kill(pid_, SIGKILL);
        killed = true;
      } else {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
      }
    }
    if (!reaped) waitpid(pid_, &status, 0);
    finished_ = true;
    result_.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    result_.signal = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
    if (killed) return std::nullopt;
    return result_;
  }

 private:
  pid_t pid_ = -1;
  int out_fd_ = -1, err_fd_ = -1;
  bool finished_ = false;
  BinaryResult result_;
};

// Whether `user` may run the binary: a build under a folder only root can
// enter (a mkdtemp copy) cannot be run as nobody, and a test asking for that
// skips rather than fails.
inline bool user_can_run_binary(uid_t user) {
  const pid_t pid = fork();
  if (pid == 0) {
    if (setgroups(0, nullptr) != 0 || setgid(user) != 0 || setuid(user) != 0) _exit(2);
    _exit(access(CONCUR_BINARY, X_OK) == 0 ? 0 : 1);
  }
  int status = 0;
  return pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

inline BinaryResult run_binary(const std::vector<std::string>& args,
                               const std::vector<std::string>& env = {}) {
  RunningBinary binary(args, Launch{env, std::nullopt, false});
  return binary.finish();
}

// The same for another program (a path) that starts the binary, e.g. mpirun.
inline BinaryResult run_launcher(const std::string& program, const std::vector<std::string>& args,
                                const std::vector<std::string>& env = {}) {
  RunningBinary binary(args, Launch{env, std::nullopt, false, program});
  return binary.finish();
}

// Splits text into lines (no trailing empty line).
inline std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    auto end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

// Waits (up to `limit`) until the main thread of `pid` sleeps in openat(),
// as it does opening a FIFO that has no other end yet: the moment to test
// what a signal does there. Three samples in a row, so a quick open of an
// ordinary file is not taken for it. False if it never got there.
inline bool wait_until_blocked_in_open(pid_t pid, std::chrono::milliseconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  const std::string in_open = std::to_string(SYS_openat) + " ";
  for (int in_a_row = 0; std::chrono::steady_clock::now() < deadline;) {
    std::string line;
    std::getline(std::ifstream("/proc/" + std::to_string(pid) + "/syscall"), line);
    in_a_row = line.starts_with(in_open) ? in_a_row + 1 : 0;
    if (in_a_row == 3) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(30));
  }
  return false;
}

}  // namespace concur::testing
