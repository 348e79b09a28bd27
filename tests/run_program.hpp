// Runs any program (cmake, cpack, dpkg-deb, an installed concur-bench, a
// shell's syntax check) in a given folder: exit code and stdout+stderr out.
// No shell involved.
#pragma once

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "child_exec.hpp"

namespace concur::testing {

struct ProgramResult {
  int exit_code = -1;  // 127: could not run it
  std::string output;  // stdout and stderr, interleaved
};

inline ProgramResult run_program(const std::vector<std::string>& argv, const std::filesystem::path& cwd = ".",
                                 const std::vector<std::string>& env = {}) {
  int out[2];
  if (pipe2(out, O_CLOEXEC) != 0) return {};
  const ChildExec child(argv.at(0), {argv.begin() + 1, argv.end()}, env);
  const pid_t pid = fork();
  if (pid == 0) {
    dup2(out[1], STDOUT_FILENO);
    dup2(out[1], STDERR_FILENO);
    const int devnull = open("/dev/null", O_RDONLY);
    dup2(devnull, STDIN_FILENO);
    if (chdir(cwd.c_str()) != 0) _exit(127);
    child.exec();
    _exit(127);
  }
  close(out[1]);
  ProgramResult result;
  char buffer[4096];
  for (ssize_t n; (n = read(out[0], buffer, sizeof buffer)) != 0;) {
    if (n < 0) break;
    result.output.append(buffer, static_cast<std::size_t>(n));
  }
  close(out[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return result;
}

// True when `program` is on PATH.
inline bool on_path(const std::string& program) {
  const char* path = std::getenv("PATH");
  std::string dirs = path ? path : "";
  for (std::size_t start = 0, end; start <= dirs.size(); start = end + 1) {
    end = dirs.find(':', start);
    if (end == std::string::npos) end = dirs.size();
    if (access((dirs.substr(start, end - start) + "/" + program).c_str(), X_OK) == 0) return true;
  }
  return false;
}

}  // namespace concur::testing
