//! Profile images: the generated default (the username's initial on a colour taken from the
//! user id, as Mattermost draws it) and uploaded pictures.

use crate::files::{Inspected, SquareError};
use crate::{Actor, Core, Error, ErrorKind, Result, StoreResultExt, perm};

/// Side of the generated default image, in pixels.
const SIZE: u32 = 128;
/// Largest accepted profile image upload.
pub const MAX_UPLOAD_BYTES: usize = 10 * 1024 * 1024;
/// The side of a stored profile picture, in pixels (Mattermost's).
const PICTURE_SIDE: u32 = 128;

/// Background colours, picked by a hash of the user id.
const PALETTE: [[u8; 3]; 12] = [
    [0x16, 0x5d, 0xa5],
    [0x1d, 0x86, 0x5f],
    [0x8e, 0x44, 0xad],
    [0xc0, 0x39, 0x2b],
    [0xd3, 0x54, 0x00],
    [0x2c, 0x3e, 0x50],
    [0x16, 0xa0, 0x85],
    [0x7f, 0x8c, 0x8d],
    [0xb0, 0x3a, 0x70],
    [0x27, 0x60, 0x9e],
    [0x6a, 0x52, 0x3e],
    [0x3d, 0x7a, 0x2b],
];

/// A 5×7 bitmap font: each glyph is seven rows, the five low bits of each byte are pixels.
fn glyph(c: char) -> [u8; 7] {
    match c.to_ascii_uppercase() {
        'A' => [0x0e, 0x11, 0x11, 0x1f, 0x11, 0x11, 0x11],
        'B' => [0x1e, 0x11, 0x11, 0x1e, 0x11, 0x11, 0x1e],
        'C' => [0x0e, 0x11, 0x10, 0x10, 0x10, 0x11, 0x0e],
        'D' => [0x1e, 0x11, 0x11, 0x11, 0x11, 0x11, 0x1e],
        'E' => [0x1f, 0x10, 0x10, 0x1e, 0x10, 0x10, 0x1f],
        'F' => [0x1f, 0x10, 0x10, 0x1e, 0x10, 0x10, 0x10],
        'G' => [0x0e, 0x11, 0x10, 0x17, 0x11, 0x11, 0x0f],
        'H' => [0x11, 0x11, 0x11, 0x1f, 0x11, 0x11, 0x11],
        'I' => [0x0e, 0x04, 0x04, 0x04, 0x04, 0x04, 0x0e],
        'J' => [0x07, 0x02, 0x02, 0x02, 0x02, 0x12, 0x0c],
        'K' => [0x11, 0x12, 0x14, 0x18, 0x14, 0x12, 0x11],
        'L' => [0x10, 0x10, 0x10, 0x10, 0x10, 0x10, 0x1f],
        'M' => [0x11, 0x1b, 0x15, 0x15, 0x11, 0x11, 0x11],
        'N' => [0x11, 0x11, 0x19, 0x15, 0x13, 0x11, 0x11],
        'O' => [0x0e, 0x11, 0x11, 0x11, 0x11, 0x11, 0x0e],
        'P' => [0x1e, 0x11, 0x11, 0x1e, 0x10, 0x10, 0x10],
        'Q' => [0x0e, 0x11, 0x11, 0x11, 0x15, 0x12, 0x0d],
        'R' => [0x1e, 0x11, 0x11, 0x1e, 0x14, 0x12, 0x11],
        'S' => [0x0f, 0x10, 0x10, 0x0e, 0x01, 0x01, 0x1e],
        'T' => [0x1f, 0x04, 0x04, 0x04, 0x04, 0x04, 0x04],
        'U' => [0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x0e],
        'V' => [0x11, 0x11, 0x11, 0x11, 0x11, 0x0a, 0x04],
        'W' => [0x11, 0x11, 0x11, 0x15, 0x15, 0x15, 0x0a],
        'X' => [0x11, 0x11, 0x0a, 0x04, 0x0a, 0x11, 0x11],
        'Y' => [0x11, 0x11, 0x11, 0x0a, 0x04, 0x04, 0x04],
        'Z' => [0x1f, 0x01, 0x02, 0x04, 0x08, 0x10, 0x1f],
        '0' => [0x0e, 0x11, 0x13, 0x15, 0x19, 0x11, 0x0e],
        '1' => [0x04, 0x0c, 0x04, 0x04, 0x04, 0x04, 0x0e],
        '2' => [0x0e, 0x11, 0x01, 0x02, 0x04, 0x08, 0x1f],
        '3' => [0x1f, 0x02, 0x04, 0x02, 0x01, 0x11, 0x0e],
        '4' => [0x02, 0x06, 0x0a, 0x12, 0x1f, 0x02, 0x02],
        '5' => [0x1f, 0x10, 0x1e, 0x01, 0x01, 0x11, 0x0e],
        '6' => [0x06, 0x08, 0x10, 0x1e, 0x11, 0x11, 0x0e],
        '7' => [0x1f, 0x01, 0x02, 0x04, 0x08, 0x08, 0x08],
        '8' => [0x0e, 0x11, 0x11, 0x0e, 0x11, 0x11, 0x0e],
        '9' => [0x0e, 0x11, 0x11, 0x0f, 0x01, 0x02, 0x0c],
        _ => [0x00, 0x00, 0x00, 0x1f, 0x00, 0x00, 0x00],
    }
}

/// PNG bytes of the default picture for a user.
pub fn default_image(user_id: &str, username: &str) -> Result<Vec<u8>> {
    let hash = user_id
        .bytes()
        .fold(0u32, |h, b| h.wrapping_mul(31).wrapping_add(u32::from(b)));
    let bg = PALETTE[(hash as usize) % PALETTE.len()];
    let initial = username
        .chars()
        .find(|c| c.is_ascii_alphanumeric())
        .unwrap_or('?');
    let rows = glyph(initial);
    let scale = 12u32;
    let (gw, gh) = (5 * scale, 7 * scale);
    let (x0, y0) = ((SIZE - gw) / 2, (SIZE - gh) / 2);
    let mut pixels = Vec::with_capacity((SIZE * SIZE * 3) as usize);
    for y in 0..SIZE {
        for x in 0..SIZE {
            let inside = x >= x0 && x < x0 + gw && y >= y0 && y < y0 + gh;
            let on = inside && {
                let (col, row) = ((x - x0) / scale, (y - y0) / scale);
                rows[row as usize] & (0x10 >> col) != 0
            };
            pixels.extend_from_slice(if on { &[0xff, 0xff, 0xff] } else { &bg });
        }
    }
    let mut out = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut out, SIZE, SIZE);
        enc.set_color(png::ColorType::Rgb);
        enc.set_depth(png::BitDepth::Eight);
        let mut writer = enc.write_header().map_err(Error::internal)?;
        writer.write_image_data(&pixels).map_err(Error::internal)?;
    }
    Ok(out)
}

fn image_path(user_id: &str) -> String {
    format!("users/{user_id}/profile.img")
}

/// A profile picture: the bytes and their content type.
pub struct ProfileImage {
    pub bytes: Vec<u8>,
    pub content_type: &'static str,
}

impl Core {
    /// Who may change a picture: the user, `edit_other_users`, or (for a bot) whoever may
    /// manage the bot, so owners can give their bots a face.
    async fn require_picture_editor(&self, actor: &Actor, user_id: &str) -> Result<()> {
        if actor.is(user_id)
            || actor.can(perm::EDIT_OTHER_USERS)
            || self.managed_bot(actor, user_id).await.is_ok()
        {
            Ok(())
        } else {
            Err(Error::forbidden(perm::EDIT_OTHER_USERS.0))
        }
    }

    /// `GET /users/{id}/image`: the uploaded picture, or the generated default.
    pub async fn get_profile_image(&self, _actor: &Actor, user_id: &str) -> Result<ProfileImage> {
        let user = self.store.get_user(user_id).await.or_not_found("user")?;
        if user.last_picture_update > 0
            && let Some(bytes) = self
                .files
                .read(&image_path(user_id))
                .await
                .map_err(Error::internal)?
        {
            return Ok(ProfileImage {
                content_type: sniff_image(&bytes).unwrap_or("application/octet-stream"),
                bytes,
            });
        }
        Ok(ProfileImage {
            bytes: default_image(&user.id, &user.username)?,
            content_type: "image/png",
        })
    }

    /// `GET /users/{id}/image/default`.
    pub async fn get_default_profile_image(
        &self,
        _actor: &Actor,
        user_id: &str,
    ) -> Result<ProfileImage> {
        let user = self.store.get_user(user_id).await.or_not_found("user")?;
        Ok(ProfileImage {
            bytes: default_image(&user.id, &user.username)?,
            content_type: "image/png",
        })
    }

    /// `POST /users/{id}/image`: a PNG, JPEG, GIF, WebP or BMP picture, checked against the
    /// image limits before decoding and stored re-encoded as a 128×128 PNG (as Mattermost
    /// does), so every client receives a small, well-formed picture whatever was uploaded.
    pub async fn set_profile_image(
        &self,
        actor: &Actor,
        user_id: &str,
        bytes: Vec<u8>,
    ) -> Result<()> {
        self.require_picture_editor(actor, user_id).await?;
        if bytes.len() > MAX_UPLOAD_BYTES {
            return Err(Error::new(
                ErrorKind::TooLarge,
                "api.user.upload_profile_user.too_large.app_error",
                "Unable to upload profile image. File is too large.",
            ));
        }
        if sniff_image(&bytes).is_none() {
            return Err(Error::new(
                ErrorKind::BadRequest,
                "api.user.upload_profile_user.decode.app_error",
                "Could not decode profile image.",
            ));
        }
        let mut user = self.store.get_user(user_id).await.or_not_found("user")?;
        let png = self
            .square_picture(bytes, PICTURE_SIDE)
            .await?
            .map_err(|e| match e {
                SquareError::Limits => Error::new(
                    ErrorKind::BadRequest,
                    "api.user.upload_profile_user.check_image_limits.app_error",
                    "Image limits check failed. Resolution is too high.",
                ),
                SquareError::Decode => Error::new(
                    ErrorKind::BadRequest,
                    "api.user.upload_profile_user.decode.app_error",
                    "Could not decode profile image.",
                ),
            })?;
        self.files
            .write(&image_path(user_id), png)
            .await
            .map_err(Error::internal)?;
        user.last_picture_update = stoa_model::now_ms();
        self.store
            .update_last_picture_update(user_id, user.last_picture_update)
            .await?;
        user.update_at = user.last_picture_update;
        self.publish_user_updated(&user);
        Ok(())
    }

    /// Decodes a picture on a blocking thread, within the decoder pool, into a `side`-pixel
    /// square PNG (team icons and profile pictures). Its header is checked against
    /// `MaxImageResolution` and the pool's memory budget before a pixel is decoded.
    pub(crate) async fn square_picture(
        &self,
        bytes: Vec<u8>,
        side: u32,
    ) -> Result<std::result::Result<Vec<u8>, SquareError>> {
        let max_pixels =
            u64::try_from(self.settings().file_settings.max_image_resolution).unwrap_or(0);
        let size = bytes.len() as u64;
        let Inspected::Decodable(plan) =
            crate::files::inspect(&mut std::io::Cursor::new(&bytes), max_pixels, size)
        else {
            return Ok(Err(SquareError::Limits));
        };
        let squared = self
            .decoders
            .run(plan.square_cost(side), move || {
                crate::files::square_png(&bytes, &plan, side)
            })
            .await?;
        Ok(squared.unwrap_or(Err(SquareError::Limits)))
    }

    /// `DELETE /users/{id}/image`: back to the generated default.
    pub async fn reset_profile_image(&self, actor: &Actor, user_id: &str) -> Result<()> {
        self.require_picture_editor(actor, user_id).await?;
        let mut user = self.store.get_user(user_id).await.or_not_found("user")?;
        self.files
            .remove(&image_path(user_id))
            .await
            .map_err(Error::internal)?;
        // Mattermost marks a generated picture with a negative timestamp (still a cache buster).
        user.last_picture_update = -stoa_model::now_ms();
        self.store
            .update_last_picture_update(user_id, user.last_picture_update)
            .await?;
        self.publish_user_updated(&user);
        Ok(())
    }
}

/// The image type from the first bytes, for the formats profile pictures may use.
pub fn sniff_image(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if bytes.starts_with(&[0xff, 0xd8, 0xff]) {
        Some("image/jpeg")
    } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        Some("image/gif")
    } else if bytes.len() > 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some("image/webp")
    } else if bytes.starts_with(b"BM") {
        Some("image/bmp")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_image_is_a_128px_png() {
        let bytes = default_image(&stoa_model::new_id(), "alice").expect("draws");
        assert_eq!(sniff_image(&bytes), Some("image/png"));
        let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
        let reader = decoder.read_info().expect("valid png");
        assert_eq!((reader.info().width, reader.info().height), (128, 128));
    }
}
