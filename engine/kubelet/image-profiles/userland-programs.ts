// The programs an image's userland puts on the PATH, so that exec finds what a real container would
// find and refuses the rest with runc's "executable file not found in $PATH". A profile adds its
// image's own programs with `image.programs`.
import type { Userland } from './profile.schema.ts';

const words = (text: string): ReadonlySet<string> => new Set(text.trim().split(/\s+/));

/** `busybox --list` of the busybox 1.36 images (busybox, alpine). */
export const BUSYBOX_PROGRAMS = words(`
  [ [[ acpid add-shell addgroup adduser adjtimex arch arp arping ash awk base32 base64 basename bc beep
  blkdiscard blkid blockdev bootchartd brctl bunzip2 bzcat bzip2 cal cat chat chattr chgrp chmod chown
  chpasswd chpst chroot chrt chvt cksum clear cmp comm conspy cp cpio crc32 crond crontab cryptpw cttyhack
  cut date dc dd deallocvt delgroup deluser depmod devmem df dhcprelay diff dirname dmesg dnsd
  dnsdomainname dos2unix dpkg dpkg-deb du dumpkmap dumpleases echo ed egrep eject env envdir envuidgid
  ether-wake expand expr factor fakeidentd fallocate false fatattr fbset fbsplash fdflush fdformat fdisk
  fgconsole fgrep find findfs flock fold free freeramdisk fsck fsck.minix fsfreeze fstrim fsync ftpd
  ftpget ftpput fuser getopt getty grep groups gunzip gzip halt hd hdparm head hexdump hexedit hostid
  hostname httpd hush hwclock i2cdetect i2cdump i2cget i2cset i2ctransfer id ifconfig ifdown ifenslave
  ifplugd ifup inetd init insmod install ionice iostat ip ipaddr ipcalc ipcrm ipcs iplink ipneigh iproute
  iprule iptunnel kbd_mode kill killall killall5 klogd last less link linux32 linux64 linuxrc ln loadfont
  loadkmap logger login logname logread losetup lpd lpq lpr ls lsattr lsmod lsof lspci lsscsi lsusb lzcat
  lzma lzop makedevs makemime man md5sum mdev mesg microcom mim mkdir mkdosfs mke2fs mkfifo mkfs.ext2
  mkfs.minix mkfs.vfat mknod mkpasswd mkswap mktemp modinfo modprobe more mount mountpoint mpstat mt mv
  nameif nanddump nandwrite nbd-client nc netstat nice nl nmeter nohup nologin nproc nsenter nslookup ntpd
  nuke od openvt partprobe passwd paste patch pgrep pidof ping ping6 pipe_progress pivot_root pkill pmap
  popmaildir poweroff powertop printenv printf ps pscan pstree pwd pwdx raidautorun rdate rdev readahead
  readlink readprofile realpath reboot reformime remove-shell renice reset resize resume rev rm rmdir rmmod
  route rpm rpm2cpio rtcwake run-init run-parts runlevel runsv runsvdir rx script scriptreplay sed
  sendmail seq setarch setconsole setfattr setfont setkeycodes setlogcons setpriv setserial setsid
  setuidgid sh sha1sum sha256sum sha3sum sha512sum showkey shred shuf slattach sleep smemcap softlimit sort
  split ssl_client start-stop-daemon stat strings stty su sulogin sum sv svc svlogd svok swapoff swapon
  switch_root sync sysctl syslogd tac tail tar taskset tc tcpsvd tee telnet telnetd test tftp tftpd time
  timeout top touch tr traceroute traceroute6 tree true truncate ts tsort tty ttysize tunctl udhcpc
  udhcpc6 udhcpd udpsvd uevent umount uname unexpand uniq unix2dos unlink unlzma unshare unxz unzip uptime
  users usleep uudecode uuencode vconfig vi vlock volname w wall watch watchdog wc wget which who whoami
  whois xargs xxd xz xzcat yes zcat zcip
`);

/** What a Debian (bookworm-slim) base puts on the PATH: coreutils, bash, dash and the other required packages. */
export const GNU_PROGRAMS = words(`
  [ arch b2sum base32 base64 basename basenc cat chcon chgrp chmod chown chroot cksum comm cp csplit cut
  date dd df dir dircolors dirname du echo env expand expr factor false fmt fold groups head hostid id
  install join link ln logname ls md5sum mkdir mkfifo mknod mktemp mv nice nl nohup nproc numfmt od paste
  pathchk pinky pr printenv printf ptx pwd readlink realpath rm rmdir runcon seq sha1sum sha224sum
  sha256sum sha384sum sha512sum shred shuf sleep sort split stat stdbuf stty sum sync tac tail tee test
  timeout touch tr true truncate tsort tty uname unexpand uniq unlink users vdir wc who whoami yes
  bash sh dash rbash
  grep egrep fgrep rgrep sed find xargs tar gzip gunzip zcat zcmp zdiff zegrep zfgrep zforce zgrep zless
  zmore znew gzexe uncompress cmp diff diff3 sdiff awk mawk perl
  hostname dnsdomainname domainname nisdomainname ypdomainname
  getconf getent iconv ldd locale localedef tzselect zdump ldconfig
  mount umount losetup swapon swapoff
  login newgrp nologin faillog lastlog passwd chage chfn chsh chpasswd chgpasswd gpasswd newusers
  useradd userdel usermod groupadd groupdel groupmod grpck pwck vipw vigr
  logger renice script scriptreplay wall
  clear infocmp tabs tic toe tput tset reset captoinfo infotocap
  which run-parts savelog tempfile add-shell remove-shell update-shells ischroot
  dpkg dpkg-deb dpkg-query dpkg-split dpkg-divert dpkg-statoverride dpkg-trigger
  dpkg-maintscript-helper start-stop-daemon update-alternatives apt apt-get apt-cache apt-config apt-key
  apt-mark debconf debconf-set-selections invoke-rc.d service update-rc.d
  sensible-editor sensible-pager sensible-browser select-editor
  fstab-decode killall5 pidof
  agetty blkdiscard blkid blockdev chcpu chmem chrt ctrlaltdel dmesg findfs findmnt flock fsck fsfreeze
  fstrim getopt hwclock ionice ipcmk ipcrm ipcs isosize last lastb ldattach lsblk lscpu lsipc lsirq
  lslocks lslogins lsmem lsns mcookie mesg mkfs mkswap more mountpoint namei nsenter partx pivot_root
  prlimit readprofile resizepart rev rtcwake runuser setarch setpriv setsid setterm su sulogin swaplabel
  switch_root taskset unshare utmpdump wdctl whereis wipefs zramctl linux32 linux64
`);

/** Shell builtins that are no program of their own: `kubectl exec web -- cd /` finds nothing to run. */
const SHELL_ONLY_BUILTINS = words(': . exit export unset set trap cd wait read exec break continue source');

/** Whether `name` (no directory) is a program an image with this userland and these extras has. */
export function userlandHasProgram(userland: Userland, extras: ReadonlySet<string>, name: string): boolean {
  if (extras.has(name)) return true;
  if (SHELL_ONLY_BUILTINS.has(name)) return false;
  if (userland === 'busybox') return BUSYBOX_PROGRAMS.has(name);
  if (userland === 'gnu') return GNU_PROGRAMS.has(name);
  return false;
}
