#include "kiosk/archive/detail/durable_file.h"

#include <array>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <sstream>
#include <unistd.h>

#include "kiosk/archive/archive.h"

namespace kiosk::archive::detail {
namespace {

Error system_error(std::string_view doing, const std::filesystem::path& path, int error_number) {
  std::string remedy;
  if (error_number == ENOSPC || error_number == EDQUOT) remedy = " — the disk is full: free space, then seal again";
  if (error_number == EACCES || error_number == EPERM) remedy = " — give the service user write access there";
  if (error_number == EROFS) remedy = " — the filesystem is read-only: check the storage device";
  return Error("cannot " + std::string(doing) + " " + path.string() + ": " + std::strerror(error_number) + remedy);
}

class FileDescriptor {
 public:
  explicit FileDescriptor(int descriptor) : descriptor_(descriptor) {}
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  ~FileDescriptor() {
    if (descriptor_ >= 0) ::close(descriptor_);
  }
  int get() const { return descriptor_; }
  // close() reports delayed write errors (NFS, full disk): check it rather than losing them in the destructor.
  int close() {
    const int result = ::close(descriptor_);
    descriptor_ = -1;
    return result;
  }

 private:
  int descriptor_;
};

Expected<void> write_all(int descriptor, const std::filesystem::path& path, std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t written = ::write(descriptor, bytes.data(), bytes.size());
    if (written < 0) {
      if (errno == EINTR) continue;
      return system_error("write", path, errno);
    }
    bytes.remove_prefix(static_cast<std::size_t>(written));
  }
  return {};
}

}  // namespace

Expected<void> write_file_synced(const std::filesystem::path& path, std::string_view bytes) {
  FileDescriptor file(::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640));
  if (file.get() < 0) return system_error("create", path, errno);
  TRY(write_all(file.get(), path, bytes));
  if (::fsync(file.get()) != 0) return system_error("sync", path, errno);
  if (file.close() != 0) return system_error("close", path, errno);
  return {};
}

Expected<void> copy_file_synced(const std::filesystem::path& from, const std::filesystem::path& to) {
  FileDescriptor source(::open(from.c_str(), O_RDONLY | O_CLOEXEC));
  if (source.get() < 0) return system_error("read", from, errno);
  FileDescriptor target(::open(to.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640));
  if (target.get() < 0) return system_error("create", to, errno);
  std::array<char, 65536> block;
  while (true) {
    const ssize_t count = ::read(source.get(), block.data(), block.size());
    if (count < 0) {
      if (errno == EINTR) continue;
      return system_error("read", from, errno);
    }
    if (count == 0) break;
    TRY(write_all(target.get(), to, std::string_view(block.data(), static_cast<std::size_t>(count))));
  }
  if (::fsync(target.get()) != 0) return system_error("sync", to, errno);
  if (target.close() != 0) return system_error("close", to, errno);
  return {};
}

Expected<void> sync_directory(const std::filesystem::path& directory) {
  FileDescriptor handle(::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (handle.get() < 0) return system_error("open folder", directory, errno);
  if (::fsync(handle.get()) != 0) return system_error("sync folder", directory, errno);
  return {};
}

Expected<std::string> read_file(const std::filesystem::path& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) return Error("cannot read " + path.string() + ": " + std::strerror(errno));
  std::ostringstream contents;
  contents << file.rdbuf();
  return contents.str();
}

}  // namespace kiosk::archive::detail

namespace kiosk::archive {

Expected<void> write_durably(const std::filesystem::path& path, std::string_view bytes) {
  std::error_code error;
  std::filesystem::create_directories(path.parent_path(), error);
  if (error) return Error("cannot create " + path.parent_path().string() + ": " + error.message());
  std::filesystem::path partial = path;
  partial += ".partial";
  TRY(detail::write_file_synced(partial, bytes));
  std::filesystem::rename(partial, path, error);
  if (error) return Error("cannot move " + partial.string() + " into place: " + error.message());
  return detail::sync_directory(path.parent_path());
}

}  // namespace kiosk::archive
