// The event-driven model: one thread, many transfers in flight, no blocking
// call. It needs the workload's help (non-blocking I/O), asked for through
// the AsyncCapability; CPU-bound kernels have nothing to overlap and say so.
#include <memory>

#include "concur/model.hpp"
#include "concur/options.hpp"

namespace concur {
namespace {

class AsyncModel final : public Model {
 public:
  const ModelInfo& info() const override { return info_; }

  Availability supports(const Workload& workload) const override {
    // async() is non-const (running changes the runner); asking is not.
    if (const_cast<Workload&>(workload).async()) return Availability::yes();
    return Availability::no("needs non-blocking I/O: only download offers it");
  }

  RunOutcome run(Workload& workload, unsigned workers) const override {
    RunOutcome outcome;
    AsyncCapability* async = workload.async();
    if (!async) {
      outcome.error = "needs non-blocking I/O: only download offers it";
      return outcome;
    }
    try {
      outcome.results = async->run_all_async(workers);
    } catch (const std::exception& e) {
      outcome.error = e.what();
    }
    return outcome;
  }

 private:
  ModelInfo info_{"async", "one thread, an event loop of callbacks (libcurl socket API), workers = transfers in flight",
                  /*has_efficiency=*/false};
};

}  // namespace

std::unique_ptr<Model> make_async_model(const Options&) {
  return std::make_unique<AsyncModel>();
}

}  // namespace concur
