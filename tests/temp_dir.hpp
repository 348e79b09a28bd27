// The one temporary-directory helper of the tests: a fresh folder (mkdtemp)
// removed with everything in it when the test ends, pass or fail.
// ScopedTmpdir also points TMPDIR at it, so a test sees every file the
// binary or a workload leaves behind.
#pragma once

#include <stdlib.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <system_error>
#include <vector>

namespace concur::testing {

class TempDir {
 public:
  explicit TempDir(const std::string& prefix = "concur-test") {
    std::string pattern = (std::filesystem::temp_directory_path() / (prefix + "-XXXXXX")).string();
    if (::mkdtemp(pattern.data())) path_ = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    if (!path_.empty()) std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  // Empty when the folder could not be made (tests ASSERT on it).
  const std::string& path() const { return path_; }
  // A path inside it, as a string for command lines.
  std::string file(const std::string& name) const { return (std::filesystem::path(path_) / name).string(); }
  // Every file and folder under it, recursively.
  std::vector<std::string> entries() const {
    std::vector<std::string> found;
    for (const auto& e : std::filesystem::recursive_directory_iterator(path_))
      found.push_back(e.path().string());
    return found;
  }

 private:
  std::string path_;
};

class ScopedTmpdir : public TempDir {
 public:
  ScopedTmpdir() {
    if (const char* old = std::getenv("TMPDIR")) old_ = old, had_old_ = true;
    ::setenv("TMPDIR", path().c_str(), 1);
  }
  ~ScopedTmpdir() {
    if (had_old_) ::setenv("TMPDIR", old_.c_str(), 1);
    else ::unsetenv("TMPDIR");
  }

 private:
  std::string old_;
  bool had_old_ = false;
};

}  // namespace concur::testing
