/**
 * "My location": one reading of the browser's position (navigator.geolocation). The W3C API
 * reports WGS84 longitude/latitude, the site check's default datum, with an accuracy in metres.
 */
import { useCallback, useState } from 'react';

export interface Position {
  lng: number;
  lat: number;
  /** metres (95 % confidence, as the browser states it) */
  accuracy: number;
}

export type LocateState = { status: 'idle' } | { status: 'locating' } | { status: 'error'; reason: 'denied' | 'unavailable' | 'unsupported' };

export function useGeolocation() {
  const [state, setState] = useState<LocateState>({ status: 'idle' });
  const locate = useCallback(
    () =>
      new Promise<Position | null>((resolve) => {
        if (!('geolocation' in navigator)) {
          setState({ status: 'error', reason: 'unsupported' });
          resolve(null);
          return;
        }
        setState({ status: 'locating' });
        navigator.geolocation.getCurrentPosition(
          (p) => {
            setState({ status: 'idle' });
            resolve({ lng: p.coords.longitude, lat: p.coords.latitude, accuracy: p.coords.accuracy });
          },
          (err) => {
            setState({ status: 'error', reason: err.code === err.PERMISSION_DENIED ? 'denied' : 'unavailable' });
            resolve(null);
          },
          { enableHighAccuracy: true, timeout: 20_000, maximumAge: 30_000 },
        );
      }),
    [],
  );
  return { state, locate };
}
