// The cuda model: the whole workload as device kernels on GPU 0, through the
// workload's CudaCapability. Its time is what a user pays (allocation,
// copies, kernel); the kernel-only time from CUDA events is reported beside
// it. Context creation and the first launch happen once, in availability(),
// which the runner asks before any timer starts.
#include <exception>
#include <memory>

#include <fmt/format.h>

#include "concur/model.hpp"
#include "concur/options.hpp"
#include "models/cuda_device.hpp"

namespace concur {

std::string cuda_version_text(int version) {
  return fmt::format("{}.{}", version / 1000, version % 1000 / 10);
}

#if !defined(CONCUR_HAVE_CUDA)
const CudaStatus& cuda_status() {
  static const CudaStatus status = [] {
    CudaStatus s;
    s.reason = "not built (" CONCUR_CUDA_MISSING ")";
    return s;
  }();
  return status;
}
#endif

namespace {

class CudaModel final : public Model {
 public:
  const ModelInfo& info() const override { return info_; }

  Availability availability() const override {
    const CudaStatus& status = cuda_status();
    return status.usable ? Availability::yes() : Availability::no(status.reason);
  }

  Availability supports(const Workload& workload) const override {
    if (workload.cuda()) return Availability::yes();
    return Availability::no("no CUDA kernel for this workload");
  }

  RunOutcome run(Workload& workload, unsigned) const override {
    RunOutcome outcome;
    const CudaCapability* device = workload.cuda();
    if (!device) {
      outcome.error = "no CUDA kernel for this workload";
      return outcome;
    }
    try {
      CudaRun run = device->run_on_device();
      outcome.results = {run.total};
      outcome.kernel_seconds = run.kernel_seconds;
      outcome.workers_label = run.launch_shape;
    } catch (const std::exception& e) {
      outcome.error = fmt::format("cuda: {}", e.what());
    }
    return outcome;
  }

 private:
  ModelInfo info_{"cuda", "the whole workload as CUDA kernels on GPU 0 (time includes copies)",
                  /*has_efficiency=*/false, /*single_worker=*/true};
};

}  // namespace

std::unique_ptr<Model> make_cuda_model(const Options&) { return std::make_unique<CudaModel>(); }

}  // namespace concur
