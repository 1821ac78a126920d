//! The other side of raw HTTP/1.1: a local endpoint standing for a service (a Lambda function,
//! an AWS API) reads the request it accepted. `aws_endpoint.rs` and `serve_push.rs` include it.

use std::io::{BufRead, BufReader, Read};
use std::net::TcpStream;

/// Reads one request from `reader` (an accepted connection): its head, then its body as its
/// `Content-Length` says; the body (empty when the request could not be read whole).
pub fn read_request_body(reader: &mut BufReader<TcpStream>) -> Vec<u8> {
    let mut length = 0;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
            break;
        }
        if let Some((name, value)) = line.split_once(':')
            && name.eq_ignore_ascii_case("content-length")
        {
            length = value.trim().parse().unwrap_or(0);
        }
    }
    let mut body = vec![0; length];
    match reader.read_exact(&mut body) {
        Ok(()) => body,
        Err(_) => Vec::new(),
    }
}
