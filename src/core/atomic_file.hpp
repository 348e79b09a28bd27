#pragma once

#include <string>
#include <string_view>

namespace concur {

// Writes `content` where the user asked, without clobbering what is not a
// plain file:
// - "-": standard output;
// - an existing character device or FIFO (/dev/null, /dev/stdout, a pipe):
//   written straight through, never replaced;
// - a regular file or a new name: replaced atomically (a temporary file in the
//   same folder, fsync, rename), so readers see the old file or the whole new
//   one. An existing file keeps its mode and, where allowed, its owner; a new
//   one gets 0666 less the umask, like any other tool's output. A symbolic
//   link is followed: its target is replaced, the link stays;
// - anything else (socket, block device, folder): UsageError.
// Throws std::runtime_error naming the path when writing fails (and leaves
// no temporary file behind).
void write_file_atomically(const std::string& path, std::string_view content);

// Throws UsageError unless `path` can be written as above: checked before a
// long run, not after it. `flag` names the option in the message.
void check_output_path(const std::string& path, std::string_view flag = "--output");

// The temporary files are named ".NAME.concur-tmp.PID.XXXXXX", so one left
// by a process killed with SIGKILL is recognisable; the next write to NAME
// removes those whose process is gone. Exposed for tests.
std::string temporary_prefix_for(const std::string& path);

}  // namespace concur
