// Everything a forked child needs to exec, built before the fork. Between
// fork and exec a child of a threaded process may only make async-signal-
// safe calls: no malloc (a test's server thread may hold the allocator's
// lock at the fork, and AddressSanitizer's allocator does not guard
// against that), so no std::vector, no putenv in the child.
#pragma once

#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <vector>

namespace concur::testing {

class ChildExec {
 public:
  // env: "NAME=value" entries that add to or replace the current environment.
  ChildExec(const std::string& program, const std::vector<std::string>& args,
            const std::vector<std::string>& env)
      : env_(env) {
    args_.reserve(args.size() + 1);
    args_.push_back(program);
    args_.insert(args_.end(), args.begin(), args.end());
    for (auto& a : args_) argv_.push_back(a.data());
    argv_.push_back(nullptr);
    for (char** e = environ; *e; ++e)
      if (!replaced(*e)) envp_.push_back(*e);
    for (auto& e : env_) envp_.push_back(e.data());
    envp_.push_back(nullptr);
  }

  // In the child: execs (searching PATH when the program has no slash), or
  // returns when it could not.
  void exec() const { ::execvpe(argv_[0], argv_.data(), envp_.data()); }

 private:
  bool replaced(const char* entry) const {
    const char* equals = std::strchr(entry, '=');
    const std::size_t name_length = equals ? static_cast<std::size_t>(equals - entry) + 1 : std::strlen(entry);
    for (const auto& e : env_)
      if (e.compare(0, name_length, entry, name_length) == 0) return true;
    return false;
  }

  std::vector<std::string> args_, env_;
  std::vector<char*> argv_, envp_;
};

// Whether a child of this process is running or waits to be reaped: a model
// that forks must leave neither behind.
inline bool has_unreaped_children() {
  int status;
  return !(::waitpid(-1, &status, WNOHANG) < 0 && errno == ECHILD);
}

}  // namespace concur::testing
