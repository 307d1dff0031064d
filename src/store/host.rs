//! Who ran the program on this host: the audit log names the account beside the
//! officer, whatever backend keeps the log.

/// The account this process runs as: the name the host knows it by, else its uid.
pub fn host_account() -> String {
    #[cfg(unix)]
    {
        // SAFETY: getuid cannot fail.
        let uid = unsafe { libc::getuid() };
        let mut buf = vec![0 as libc::c_char; 1024];
        let mut pwd = std::mem::MaybeUninit::<libc::passwd>::uninit();
        let mut found: *mut libc::passwd = std::ptr::null_mut();
        // SAFETY: the buffers outlive the call; `found` is set to `pwd` or null.
        let rc = unsafe {
            libc::getpwuid_r(
                uid,
                pwd.as_mut_ptr(),
                buf.as_mut_ptr(),
                buf.len(),
                &mut found,
            )
        };
        if rc == 0 && !found.is_null() {
            // SAFETY: getpwuid_r filled `pwd`, and pw_name points into `buf`.
            let name = unsafe { std::ffi::CStr::from_ptr((*found).pw_name) };
            return name.to_string_lossy().into_owned();
        }
        format!("uid:{uid}")
    }
    #[cfg(not(unix))]
    {
        std::env::var("USERNAME").unwrap_or_default()
    }
}
