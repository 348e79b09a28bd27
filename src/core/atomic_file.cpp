#include "core/atomic_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <stdexcept>

#include <fmt/format.h>

#include "concur/errors.hpp"

namespace concur {
namespace fs = std::filesystem;

namespace {
fs::path folder_of(const std::string& path) {
  fs::path folder = fs::path(path).parent_path();
  return folder.empty() ? fs::path(".") : folder;
}
}  // namespace

void check_output_path(const std::string& path, std::string_view flag) {
  if (path.empty()) throw UsageError(fmt::format("{}: empty file name", flag));
  const fs::path folder = folder_of(path);
  std::error_code ec;
  if (!fs::is_directory(folder, ec))
    throw UsageError(fmt::format("{} {}: folder '{}' does not exist", flag, path, folder.string()));
  if (fs::is_directory(path, ec))
    throw UsageError(fmt::format("{} {}: is a folder, expected a file name", flag, path));
  if (::access(folder.c_str(), W_OK) != 0)
    throw UsageError(fmt::format("{} {}: cannot write in '{}': {}", flag, path, folder.string(),
                                 std::strerror(errno)));
}

void write_file_atomically(const std::string& path, std::string_view content) {
  std::string temp =
      (folder_of(path) / fmt::format(".{}.XXXXXX", fs::path(path).filename().string())).string();
  int fd = ::mkstemp(temp.data());
  if (fd < 0) throw std::runtime_error(fmt::format("cannot create a file beside {}: {}", path, std::strerror(errno)));
  auto fail = [&](const char* what) {
    int err = errno;
    ::close(fd);
    ::unlink(temp.c_str());
    throw std::runtime_error(fmt::format("{} {}: {}", what, path, std::strerror(err)));
  };
  const char* data = content.data();
  std::size_t left = content.size();
  while (left > 0) {
    ssize_t n = ::write(fd, data, left);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) fail("writing");
    data += n;
    left -= static_cast<std::size_t>(n);
  }
  if (::fchmod(fd, 0644) != 0 || ::fsync(fd) != 0) fail("writing");
  if (::close(fd) != 0) {
    int err = errno;
    ::unlink(temp.c_str());
    throw std::runtime_error(fmt::format("writing {}: {}", path, std::strerror(err)));
  }
  if (::rename(temp.c_str(), path.c_str()) != 0) {
    int err = errno;
    ::unlink(temp.c_str());
    throw std::runtime_error(fmt::format("renaming onto {}: {}", path, std::strerror(err)));
  }
}

}  // namespace concur
