// The libcamera driver against the real libcamera 0.0.3, on a machine without a camera: the error must say what
// is missing and where to look, not crash.
#include <gtest/gtest.h>

#include "devices/camera/libcamera_camera.h"

namespace kiosk::devices {
namespace {

TEST(LibcameraCamera, WithoutACameraStartFailsWithARemedy) {
  if (!video_device_nodes().empty()) GTEST_SKIP() << "this machine has a camera";
  LibcameraCamera camera("");
  auto started = camera.start(VideoFormat{1280, 720, 30, PixelFormat::nv12}, [](const VideoFrameView&) {});
  ASSERT_FALSE(started);
  EXPECT_NE(started.error().message().find("no camera"), std::string::npos) << started.error().message();
  EXPECT_NE(started.error().message().find("/dev/video"), std::string::npos) << started.error().message();
  EXPECT_EQ(camera.status().state, DeviceState::ready);
}

TEST(LibcameraCamera, ANamedCameraThatIsNotThereIsNamed) {
  LibcameraCamera camera("usb-counter-cam");
  auto started = camera.start(VideoFormat{1280, 720, 30, PixelFormat::nv12}, [](const VideoFrameView&) {});
  ASSERT_FALSE(started);
  EXPECT_NE(started.error().message().find("\"usb-counter-cam\""), std::string::npos) << started.error().message();
}

}  // namespace
}  // namespace kiosk::devices
