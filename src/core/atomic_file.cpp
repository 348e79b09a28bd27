#include "core/atomic_file.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <filesystem>
#include <stdexcept>

#include <fmt/format.h>

#include "concur/errors.hpp"
#include "concur/interrupt.hpp"

namespace concur {
namespace fs = std::filesystem;

namespace {

enum class Target { standard_output, write_through, replace };

fs::path folder_of(const fs::path& path) {
  fs::path folder = path.parent_path();
  return folder.empty() ? fs::path(".") : folder;
}

const char* kind_of(mode_t mode) {
  if (S_ISDIR(mode)) return "a folder";
  if (S_ISSOCK(mode)) return "a socket";
  if (S_ISBLK(mode)) return "a block device";
  return "not a regular file";
}

// What writing `path` means; UsageError for what we must not touch.
Target classify(const std::string& path, std::string_view flag, struct stat* existing) {
  if (path.empty()) throw UsageError(fmt::format("{}: empty file name", flag));
  if (path == "-") return Target::standard_output;
  if (::stat(path.c_str(), existing) == 0) {
    if (S_ISCHR(existing->st_mode) || S_ISFIFO(existing->st_mode)) return Target::write_through;
    if (!S_ISREG(existing->st_mode))
      throw UsageError(fmt::format("{} {}: is {}; give a file name, a character device, a FIFO or "
                                   "- for standard output", flag, path, kind_of(existing->st_mode)));
    return Target::replace;
  }
  if (errno != ENOENT)
    throw UsageError(fmt::format("{} {}: {}", flag, path, std::strerror(errno)));
  existing->st_mode = 0;  // a new file
  return Target::replace;
}

// The file a rename must replace: the target of a symbolic link, not the link.
fs::path resolved(const std::string& path) {
  std::error_code ec;
  fs::path real = fs::canonical(path, ec);
  return ec ? fs::path(path) : real;
}

void write_all(int fd, std::string_view content) {
  const char* data = content.data();
  std::size_t left = content.size();
  while (left > 0) {
    ssize_t n = ::write(fd, data, left);
    if (n < 0 && errno == EINTR && interrupt_requested()) throw Interrupted();  // Ctrl-C on a full pipe
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw std::system_error(errno, std::generic_category());
    data += n;
    left -= static_cast<std::size_t>(n);
  }
}

void write_through(const std::string& path, std::string_view content) {
  // A FIFO's open waits for a reader; Ctrl-C there is an interrupt, not an error.
  int fd = path == "-" ? STDOUT_FILENO : ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
  while (fd < 0 && errno == EINTR && !interrupt_requested()) fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
  if (fd < 0 && errno == EINTR) throw Interrupted();
  if (fd < 0) throw std::runtime_error(fmt::format("opening {}: {}", path, std::strerror(errno)));
  try {
    write_all(fd, content);
  } catch (const std::system_error& e) {
    if (fd != STDOUT_FILENO) ::close(fd);
    if (fd == STDOUT_FILENO)
      throw std::runtime_error(
          fmt::format("cannot write the results to standard output: {}", std::strerror(e.code().value())));
    throw std::runtime_error(fmt::format("writing {}: {}", path, std::strerror(e.code().value())));
  }
  if (fd != STDOUT_FILENO && ::close(fd) != 0)
    throw std::runtime_error(fmt::format("writing {}: {}", path, std::strerror(errno)));
}

mode_t new_file_mode() {
  const mode_t mask = ::umask(0);
  ::umask(mask);
  return 0666 & ~mask;
}

// Removes ".NAME.concur-tmp.PID.*" left by processes that no longer exist.
void remove_stale_temporaries(const fs::path& target) {
  const std::string prefix = fs::path(temporary_prefix_for(target.string())).filename().string();
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(folder_of(target), ec)) {
    const std::string name = entry.path().filename().string();
    if (!name.starts_with(prefix)) continue;
    const std::string_view rest = std::string_view(name).substr(prefix.size());
    pid_t pid = 0;
    auto [end, err] = std::from_chars(rest.data(), rest.data() + rest.size(), pid);
    if (err != std::errc() || end == rest.data() || *end != '.' || pid <= 0) continue;
    if (::kill(pid, 0) != 0 && errno == ESRCH) fs::remove(entry.path(), ec);
  }
}

void replace_atomically(const fs::path& target, const struct stat& existing,
                        std::string_view content) {
  remove_stale_temporaries(target);
  std::string temp = fmt::format("{}{}.XXXXXX", temporary_prefix_for(target.string()), ::getpid());
  int fd = ::mkstemp(temp.data());
  if (fd < 0)
    throw std::runtime_error(fmt::format("cannot create a file beside {}: {}", target.string(),
                                         std::strerror(errno)));
  auto fail = [&](const char* what, int err) {
    if (fd >= 0) ::close(fd);
    ::unlink(temp.c_str());
    throw std::runtime_error(fmt::format("{} {}: {}", what, target.string(), std::strerror(err)));
  };
  try {
    write_all(fd, content);
  } catch (const std::system_error& e) {
    fail("writing", e.code().value());
  }
  if (existing.st_mode != 0) {
    // Not being allowed to give the file away (not root) is no reason to fail.
    if (::fchown(fd, existing.st_uid, existing.st_gid) != 0 && errno != EPERM) fail("writing", errno);
    if (::fchmod(fd, existing.st_mode & 07777) != 0) fail("writing", errno);
  } else if (::fchmod(fd, new_file_mode()) != 0) {
    fail("writing", errno);
  }
  if (::fsync(fd) != 0) fail("writing", errno);
  const int closed = ::close(fd);
  fd = -1;
  if (closed != 0) fail("writing", errno);
  if (::rename(temp.c_str(), target.c_str()) != 0) fail("renaming onto", errno);
}

}  // namespace

// A name near the file system's limit (255 bytes) would leave no room for
// the temporary's suffix: the prefix keeps at most kTemporaryNameBytes of it.
constexpr std::size_t kTemporaryNameBytes = 200;

std::string temporary_prefix_for(const std::string& path) {
  const fs::path p(path);
  return (folder_of(p) / fmt::format(".{}.concur-tmp.", p.filename().string().substr(0, kTemporaryNameBytes)))
      .string();
}

void check_output_path(const std::string& path, std::string_view flag) {
  struct stat existing {};
  const Target target = classify(path, flag, &existing);
  if (target == Target::standard_output) return;
  if (target == Target::write_through) {
    if (::access(path.c_str(), W_OK) != 0)
      throw UsageError(fmt::format("{} {}: cannot write: {}", flag, path, std::strerror(errno)));
    return;
  }
  const fs::path folder = folder_of(resolved(path));
  std::error_code ec;
  if (!fs::is_directory(folder, ec))
    throw UsageError(fmt::format("{} {}: folder '{}' does not exist", flag, path, folder.string()));
  if (::access(folder.c_str(), W_OK) != 0)
    throw UsageError(fmt::format("{} {}: cannot write in '{}': {}", flag, path, folder.string(),
                                 std::strerror(errno)));
}

void write_file_atomically(const std::string& path, std::string_view content) {
  struct stat existing {};
  switch (classify(path, "output", &existing)) {
    case Target::standard_output:
    case Target::write_through:
      write_through(path, content);
      return;
    case Target::replace:
      replace_atomically(resolved(path), existing, content);
      return;
  }
}

}  // namespace concur
