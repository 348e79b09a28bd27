// The coroutines model: the event loop of the async model written as C++20
// coroutines, one thread, `workers` coroutines each fetching one image after
// another (libcurl's multi socket interface + epoll underneath). It needs
// the workload's help, asked for through the CoroutineCapability; CPU-bound
// kernels have nothing to wait for and say so.
#include <memory>

#include "concur/model.hpp"
#include "concur/options.hpp"

namespace concur {
namespace {

constexpr const char* kNeedsIo = "needs awaitable I/O: only download offers it";

class CoroutinesModel final : public Model {
 public:
  const ModelInfo& info() const override { return info_; }

  Availability supports(const Workload& workload) const override {
    // coroutines() is non-const (running changes the runner); asking is not.
    if (const_cast<Workload&>(workload).coroutines()) return Availability::yes();
    return Availability::no(kNeedsIo);
  }

  RunOutcome run(Workload& workload, unsigned workers) const override {
    RunOutcome outcome;
    CoroutineCapability* coroutines = workload.coroutines();
    if (!coroutines) {
      outcome.error = kNeedsIo;
      return outcome;
    }
    try {
      outcome.results = coroutines->run_all_coroutines(workers);
    } catch (const std::exception& e) {
      outcome.error = e.what();
    }
    return outcome;
  }

 private:
  ModelInfo info_{"coroutines",
                  "one thread, C++20 coroutines over libcurl's multi socket API, workers = coroutines",
                  /*has_efficiency=*/false};
};

}  // namespace

std::unique_ptr<Model> make_coroutines_model(const Options&) {
  return std::make_unique<CoroutinesModel>();
}

}  // namespace concur
