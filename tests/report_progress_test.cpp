// The progress line: shown on a terminal (a pseudo-terminal here), silent
// with --quiet or when the stream is not a terminal.
#include <gtest/gtest.h>
#include <pty.h>
#include <unistd.h>

#include <cstdio>

#include "cli/progress.hpp"

namespace concur::cli {
namespace {

std::string drain(int fd) {
  std::string text;
  char buffer[1024];
  ssize_t n;
  while ((n = ::read(fd, buffer, sizeof buffer)) > 0)
    text.append(buffer, static_cast<std::size_t>(n));
  return text;
}

void simulate_run(Progress& progress) {
  RunObserver observer = progress.observer();
  CellResult a, b;
  a.name = "primes/threads/workers:1";
  b.name = "primes/threads/workers:2";
  if (!observer.progress) return;
  using Stage = ProgressEvent::Stage;
  observer.progress({Stage::warming_up, a, 0, 0, 2, 0.1});
  observer.progress({Stage::measuring, a, 3, 0, 2, 0.5});
  observer.progress({Stage::finished, a, 5, 1, 2, 1.0});
  observer.progress({Stage::measuring, b, 4, 1, 2, 1.5});
  observer.progress({Stage::finished, b, 5, 2, 2, 2.0});
}

TEST(Progress, RewritesOneLineOnATerminal) {
  int master = -1, slave = -1;
  ASSERT_EQ(::openpty(&master, &slave, nullptr, nullptr, nullptr), 0);
  {
    Progress progress(slave, false);
    ASSERT_TRUE(progress.enabled());
    simulate_run(progress);
  }
  ::close(slave);
  const std::string shown = drain(master);
  ::close(master);
  EXPECT_NE(shown.find("\r\033[K[0/2 cells done] primes/threads/workers:1 (warm-up)  elapsed"),
            std::string::npos)
      << shown;
  EXPECT_NE(shown.find("[0/2 cells done] primes/threads/workers:1 (3 repetitions)"), std::string::npos);
  EXPECT_NE(shown.find("[1/2 cells done] primes/threads/workers:2 (4 repetitions)  elapsed 1.500 s  ETA 1.500 s"),
            std::string::npos) << shown;
  EXPECT_NE(shown.find("done"), std::string::npos);
  EXPECT_EQ(shown.find('\n'), std::string::npos);         // replaced in place, never scrolled
  EXPECT_EQ(shown.substr(shown.size() - 4), "\r\033[K");  // erased at the end
}

TEST(Progress, SilentWithQuietOrWithoutATerminal) {
  int master = -1, slave = -1;
  ASSERT_EQ(::openpty(&master, &slave, nullptr, nullptr, nullptr), 0);
  Progress quiet(slave, true);
  EXPECT_FALSE(quiet.enabled());
  EXPECT_FALSE(quiet.observer().progress);
  ::close(slave);
  ::close(master);

  int pipe_fds[2];
  ASSERT_EQ(::pipe(pipe_fds), 0);
  {
    Progress piped(pipe_fds[1], false);
    EXPECT_FALSE(piped.enabled());
    simulate_run(piped);
  }
  ::close(pipe_fds[1]);
  EXPECT_EQ(drain(pipe_fds[0]), "");
  ::close(pipe_fds[0]);
}

}  // namespace
}  // namespace concur::cli
