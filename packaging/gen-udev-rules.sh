#!/usr/bin/env bash
# Makes the udev rules from the table of supported devices: each device matched at the USB device level (or, for
# a reader on a USB-serial adapter, its tty), its node given to the service's group.
#   packaging/gen-udev-rules.sh [TABLE] [GROUP] > packaging/69-counter-kiosk.rules
set -euo pipefail
table=${1:-$(dirname "$0")/supported-devices.tsv}
group=${2:-counter-kiosk}
cat <<HEAD
# Counter Kiosk: lets the kiosk's service (group $group) use the counter's devices without root.
# Made by packaging/gen-udev-rules.sh from packaging/supported-devices.tsv — edit the table, not this file.
# Install: cp 69-counter-kiosk.rules /etc/udev/rules.d/ && udevadm control --reload && udevadm trigger
# (the Debian package does this), then unplug and replug the devices.
HEAD
while IFS=$'\t' read -r kind subsystem vid pid name; do
  [[ -z $kind || $kind == \#* ]] && continue
  [[ $vid =~ ^[0-9a-f]{4}$ && $pid =~ ^[0-9a-f]{4}$ ]] || { echo "bad VID:PID $vid:$pid ($name)" >&2; exit 1; }
  echo "# $kind: $name"
  case $subsystem in
    usb) echo "SUBSYSTEM==\"usb\", ENV{DEVTYPE}==\"usb_device\", ATTR{idVendor}==\"$vid\", ATTR{idProduct}==\"$pid\", GROUP=\"$group\", MODE=\"0660\", ENV{COUNTER_KIOSK_DEVICE}=\"$kind\"" ;;
    tty) echo "SUBSYSTEM==\"tty\", ATTRS{idVendor}==\"$vid\", ATTRS{idProduct}==\"$pid\", GROUP=\"$group\", MODE=\"0660\", ENV{COUNTER_KIOSK_DEVICE}=\"$kind\"" ;;
    *) echo "unknown subsystem $subsystem ($name)" >&2; exit 1 ;;
  esac
done < "$table"
