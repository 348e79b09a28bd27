// fork() copies one thread; every lock another thread held at that instant
// stays held in the child forever. glibc's malloc guards itself, but GCC 12's
// AddressSanitizer allocator does not (LLVM added its fork handlers in 18),
// and neither do most libraries: a child of the processes model that called
// malloc while the embedded image server's loop thread was allocating hung
// until CI's 300 s timeout.
//
// So threads that run beside forking code register here, and every fork()
// in the process first parks them where they hold no lock (a condition
// variable wait), then releases them once the fork is done (pthread_atfork).
// A registered thread must answer a park request by calling park_here()
// soon, and must never fork itself.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>

namespace concur {

class ForkQuiescence {
 public:
  // Asks the registered thread to call park_here() soon. Called from the
  // forking thread inside fork(): it must not block for long or fork.
  using ParkRequest = std::function<void()>;

  // Registered while alive. Register once the thread runs, unregister before
  // it stops (a request it cannot answer holds a fork up to kParkWait).
  class Registration {
   public:
    explicit Registration(ParkRequest request);
    ~Registration();
    Registration(const Registration&) = delete;
    Registration& operator=(const Registration&) = delete;

   private:
    std::uint64_t id_;
  };

  // On a registered thread, in answer to a request: waits until the fork
  // that asked is over. Returns at once when no fork is waiting (a late
  // answer to a fork that already happened).
  static void park_here();

  // How long a fork waits for every registered thread to park before it
  // goes ahead anyway (a thread stuck elsewhere must not hang the program).
  static constexpr std::chrono::seconds kParkWait{1};

  // Forks that found every registered thread parked, those that went ahead
  // without, and the threads parked over all forks (for tests and
  // diagnostics: a thread that never registered parks for no fork).
  struct Counts {
    std::uint64_t quiesced = 0;
    std::uint64_t timed_out = 0;
    std::uint64_t threads_parked = 0;
  };
  static Counts counts();
};

}  // namespace concur
