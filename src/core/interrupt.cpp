#include "concur/interrupt.hpp"

#include <atomic>
#include <csignal>

#include "concur/errors.hpp"

namespace concur {
namespace {

// Written by the signal handler, read by worker threads: a lock-free atomic
// is both async-signal-safe and race-free (volatile sig_atomic_t is only the
// former).
std::atomic<bool> g_interrupted{false};
static_assert(std::atomic<bool>::is_always_lock_free);

extern "C" void on_interrupt(int) { g_interrupted.store(true); }

}  // namespace

void install_interrupt_handlers() {
  struct sigaction action {};
  action.sa_handler = on_interrupt;
  sigemptyset(&action.sa_mask);
  action.sa_flags = 0;  // no SA_RESTART: poll/read/waitpid return EINTR
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
  // Closing the terminal: the same clean stop, or the temporary folder stays.
  sigaction(SIGHUP, &action, nullptr);
}

bool interrupt_requested() { return g_interrupted.load(std::memory_order_relaxed); }
void clear_interrupt() { g_interrupted.store(false); }

void throw_if_interrupted() {
  if (interrupt_requested()) throw Interrupted();
}

}  // namespace concur
