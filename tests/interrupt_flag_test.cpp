// The flag behind Ctrl-C, raised by a real signal in this process: set by
// SIGINT, SIGTERM and SIGHUP alike, thrown as Interrupted, and cleared.
#include <gtest/gtest.h>

#include <csignal>

#include "concur/errors.hpp"
#include "concur/interrupt.hpp"

namespace concur {
namespace {

TEST(InterruptFlag, EachStopSignalSetsItAndClearingResetsIt) {
  install_interrupt_handlers();
  for (int signal : {SIGINT, SIGTERM, SIGHUP}) {
    clear_interrupt();
    EXPECT_FALSE(interrupt_requested());
    EXPECT_NO_THROW(throw_if_interrupted());
    ASSERT_EQ(std::raise(signal), 0);
    EXPECT_TRUE(interrupt_requested()) << signal;
    EXPECT_THROW(throw_if_interrupted(), Interrupted);
  }
  clear_interrupt();
  EXPECT_FALSE(interrupt_requested());
}

}  // namespace
}  // namespace concur
