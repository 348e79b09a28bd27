#pragma once

#include <string>
#include <string_view>

namespace concur {

// Writes `content` to `path` so that readers see the old file or the whole
// new one, never a half-written one: a temporary file in the same folder,
// fsync, then rename. Throws std::runtime_error naming the path on failure
// (and leaves no temporary file behind).
void write_file_atomically(const std::string& path, std::string_view content);

// Throws UsageError unless `path`'s folder exists and is writable: checked
// before a long run, not after it. `flag` names the option in the message.
void check_output_path(const std::string& path, std::string_view flag = "--output");

}  // namespace concur
